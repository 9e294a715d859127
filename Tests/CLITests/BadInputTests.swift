import FolioTestSupport
import Foundation
import Testing

/// Every bad input gets one clear line on stderr and a non-zero exit, and changes nothing.
@Suite struct BadInputTests {
    /// Runs a failing command and checks the contract: the exit code, one line on stderr that
    /// says what is wrong, no stack trace, and the library unchanged.
    func expectFailure(
        _ cli: CLIHarness, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
        status: Int32, mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try cli.storeSnapshot()
        let result = try cli.run(arguments, input: input, environment: environment)
        #expect(result.status == status, "exit status of folio \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line on stderr, got: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("folio: "), sourceLocation: sourceLocation)
        for word in words {
            #expect(
                result.stderr.lowercased().contains(word.lowercased()), "stderr mentions \(word): \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("fts5"), sourceLocation: sourceLocation)
        #expect(try cli.storeSnapshot() == before, "the library is unchanged", sourceLocation: sourceLocation)
    }

    @Test func missingUnreadableAndFolderInputs() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        try expectFailure(cli, ["add", "/nonexistent/article.txt"], status: 66, mentioning: ["no such file"])
        try expectFailure(cli, ["add", cli.home.path], status: 66, mentioning: ["folder"])
        let locked = cli.home.appendingPathComponent("locked.txt")
        try Data("text".utf8).write(to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        if getuid() != 0 {  // root reads any file
            try expectFailure(cli, ["add", locked.path], status: 66, mentioning: ["permission"])
        }
    }

    @Test func emptyBinaryInvalidUTF8AndOversizedInputs() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let empty = cli.home.appendingPathComponent("empty.txt")
        try Data("\n  \n".utf8).write(to: empty)
        try expectFailure(cli, ["add", empty.path], status: 65, mentioning: ["empty"])
        try expectFailure(cli, ["add", "-"], input: Data(), status: 65, mentioning: ["standard input is empty"])
        let binary = cli.home.appendingPathComponent("image.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]).write(to: binary)
        try expectFailure(cli, ["add", binary.path], status: 65, mentioning: ["binary"])
        let latin1 = cli.home.appendingPathComponent("latin1.txt")
        try Data("Caf".utf8 + [0xE9] + Data(" au lait.".utf8)).write(to: latin1)
        try expectFailure(cli, ["add", latin1.path], status: 65, mentioning: ["UTF-8"])
        let huge = cli.home.appendingPathComponent("huge.txt")
        _ = FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        let block = Data(String(repeating: "All work and no play. ", count: 50_000).utf8)
        for _ in 0..<20 { handle.write(block) }
        try handle.close()
        try expectFailure(cli, ["add", huge.path], status: 65, mentioning: ["limit"])
    }

    @Test func unknownAndAmbiguousIDs() throws {
        let cli = try CLIHarness()
        let first = try cli.addSeed()
        let second = try #require(
            ((try cli.json(["add", "-", "--title", "Second"], input: Data("Text.".utf8)) as? [String: Any])?["article"] as? [String: Any])?["id"]
                as? String)
        try expectFailure(cli, ["show", "ffffffff"], status: 66, mentioning: ["no article", "ffffffff"])
        try expectFailure(cli, ["note", "rm", "ffffffff"], status: 66, mentioning: ["no note"])
        try expectFailure(cli, ["show", "not-an-id!"], status: 64, mentioning: ["not an id"])
        // Both ids were made within the same minute, so they share their first 8 hex digits.
        let sharedLength = zip(first, second).prefix(while: { $0 == $1 }).count
        #expect(sharedLength >= 8)
        let ambiguous = String(first.prefix(8))
        try expectFailure(cli, ["star", ambiguous], status: 64, mentioning: ["ambiguous", ambiguous])
    }

    @Test func quoteNotInTheArticleInvalidDatesAndValues() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        try expectFailure(cli, ["note", "add", id, "--quote", "words that are not there", "x"], status: 65, mentioning: ["does not occur"])
        try expectFailure(
            cli, ["add", "-", "--date", "2025-02-30"], input: Data("Text.".utf8), status: 65, mentioning: ["2025-02-30", "YYYY-MM-DD"])
        try expectFailure(cli, ["edit", id, "--date", "next tuesday"], status: 65, mentioning: ["YYYY-MM-DD"])
        try expectFailure(cli, ["list", "--since", "2025-13-01"], status: 65, mentioning: ["YYYY-MM-DD"])
        try expectFailure(cli, ["progress", id, "1.5"], status: 65, mentioning: ["out of range"])
        try expectFailure(cli, ["progress", id, "half"], status: 65, mentioning: ["not a progress"])
        try expectFailure(cli, ["add", "-", "--url", "not a url"], input: Data("Text.".utf8), status: 65, mentioning: ["not an http"])
    }

    @Test func unparseableSearchesGiveAClearErrorNotAnFTS5One() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        try expectFailure(cli, ["search", "-putin"], status: 65, mentioning: ["only excludes"])
        try expectFailure(cli, ["search", "OR"], status: 65, mentioning: ["OR needs"])
        try expectFailure(cli, ["search", "is:maybe"], status: 65, mentioning: ["is:maybe"])
        try expectFailure(cli, ["search", "before:soon putin"], status: 65, mentioning: ["YYYY-MM-DD"])
        try expectFailure(cli, ["search", "***"], status: 65, mentioning: ["empty"])
        // Inputs that are FTS5 syntax errors if pasted raw are ordinary searches here.
        for raw in ["\"unclosed", "NEAR(putin", "a AND OR b", "title:", "col:x ^y", "(((", "putin*kyiv"] {
            let result = try cli.run(["search", raw])
            #expect(result.status == 0 || result.status == 65, "search \(raw): \(result.stderr)")
            #expect(!result.stderr.lowercased().contains("syntax"), "search \(raw): \(result.stderr)")
        }
    }

    @Test func aLockedStoreWaitsThenSaysSo() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        // Another process holds the write lock: the sqlite3 shell inside a transaction.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [cli.storeFile.path]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let result = try cli.run(["add", "-", "--title", "Blocked"], input: Data("Text.".utf8), environment: ["FOLIO_LOCK_TIMEOUT": "0.5"])
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(result.status == 75)
        #expect(result.stderr.contains("locked by another folio process"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        // The message names the wait it gave the other process (not measured here: CI is shared).
        #expect(result.stderr.contains("(waited 1 s)"), "\(result.stderr)")
        // Once the lock is gone the same command works, and nothing was lost meanwhile.
        try cli.ok(["add", "-", "--title", "After"], input: Data("Text.".utf8))
        #expect(try cli.articleIDs().count == 2)
    }

    @Test func aFileThatIsNotAFolioStoreIsLeftAlone() throws {
        let cli = try CLIHarness()
        let precious = Data("my shopping list, not a database\n".utf8)
        try precious.write(to: cli.storeFile)
        let result = try cli.run(["list"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("is not a Folio store"))
        #expect(try Data(contentsOf: cli.storeFile) == precious)
    }

    @Test func aDamagedStoreIsReportedAndNotTouched() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let handle = try FileHandle(forUpdating: cli.storeFile)
        try handle.seek(toOffset: 100)
        handle.write(Data(repeating: 0x5A, count: 3000))
        try handle.close()
        let damaged = try Data(contentsOf: cli.storeFile)
        let result = try cli.run(["list"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("damaged"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: cli.storeFile) == damaged)
    }

    @Test func importRefusesOtherJSON() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let other = cli.home.appendingPathComponent("other.json")
        try Data("{\"name\": \"not folio\"}".utf8).write(to: other)
        try expectFailure(cli, ["import", other.path], status: 65, mentioning: ["not a format folio imports"])
        try expectFailure(cli, ["import", "/nonexistent.json"], status: 66, mentioning: ["no such file"])
    }

    /// An article larger than `folio add` takes (20 MB) is skipped and counted: such an article
    /// could never sync. The rest of the export is imported.
    @Test func importSkipsAnArticleLargerThanAddTakes() throws {
        let source = try CLIHarness()
        _ = try source.addSeed()
        _ = try source.ok(["add", "-", "--title", "Small"], input: Data("A small one.".utf8))
        var export = try #require(try JSONSerialization.jsonObject(with: Data(try source.ok(["export", "--format", "json"]).utf8)) as? [String: Any])
        var articles = try #require(export["articles"] as? [[String: Any]])
        articles[0]["content"] = String(repeating: "Too long. ", count: 2_100_000)
        export["articles"] = articles
        let file = source.home.appendingPathComponent("huge.json")
        try JSONSerialization.data(withJSONObject: export).write(to: file)
        let target = try CLIHarness()
        _ = try target.addSeed()
        let result = try target.run(["import", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("added 1,"), "\(result.stdout)")
        #expect(result.stdout.contains("skipped 1 (1 larger than 20 MB)"))
        #expect(result.stderr.contains("larger than 20 MB"))
    }
}
