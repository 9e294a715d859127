import FolioTestSupport
import Foundation
import Testing

/// The everyday commands of issue 10 on the built binary: tags, list and search at 80 columns,
/// login without the token on the command line, open, quiet, errors, version, install.
@Suite struct EverydayCommandTests {
    /// What a terminal shows, without colour codes and carriage returns, line by line.
    static func lines(_ screen: String) -> [String] {
        screen.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            .replacingOccurrences(of: "\r", with: "")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.isEmpty }
    }

    /// Adds an article from text, returns its full id.
    static func add(_ cli: CLIHarness, title: String, text: String = "Some words about nothing in particular.", _ extra: [String] = [])
        throws -> String
    {
        let added = try #require(try cli.json(["add", "-", "--title", title] + extra, input: Data(text.utf8)) as? [String: Any])
        let article = try #require(added["article"] as? [String: Any])
        return try #require(article["id"] as? String)
    }

    @Test func tagsAreCountedRenamedAndRemovedEverywhereAndTheRenameSyncs() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", "-"], input: Data((token + "\n").utf8)) }
        let first = try Self.add(laptop, title: "First", ["-t", "todo", "-t", "politics"])
        _ = try Self.add(laptop, title: "Second", ["-t", "todo"])
        _ = try Self.add(laptop, title: "Third", ["-t", "politics"])
        try laptop.ok(["note", "add", first, "--tag", "todo", "A note to do."])
        let counts = try #require(try laptop.json(["tags"]) as? [[String: Any]])
        let todo = try #require(counts.first { $0["name"] as? String == "todo" })
        #expect(todo["articles"] as? Int == 2 && todo["notes"] as? Int == 1)
        #expect(try laptop.ok(["tags"]).contains("3  todo"))

        let renamed = try #require(try laptop.json(["tags", "rename", "todo", "Read Later"]) as? [String: Any])
        #expect(renamed["articles"] as? Int == 2 && renamed["notes"] as? Int == 1)
        try laptop.ok(["sync"])
        try phone.ok(["sync"])
        for device in [laptop, phone] {
            let names = try #require(try device.json(["tags"]) as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(names == ["politics", "read-later"])
            #expect(try device.articleIDs(["--tag", "read-later"]).count == 2)
            let notes = try #require(try device.json(["note", "list"]) as? [[String: Any]])
            #expect(notes.first?["tags"] as? [String] == ["read-later"])
        }
        try phone.ok(["tags", "rm", "politics"])
        try phone.ok(["sync"])
        try laptop.ok(["sync"])
        let left = try #require(try laptop.json(["tags"]) as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(left == ["read-later"])

        try BadInputTests().expectFailure(laptop, ["tags", "rm", "politics"], status: 66, mentioning: ["#politics", "folio tags"])
        try BadInputTests().expectFailure(laptop, ["tags", "rename", "read-later", "Read  later"], status: 65, mentioning: ["same tag"])
    }

    @Test func listFitsEightyColumnsWithAFixedIdColumnAndSaysHowManyMore() throws {
        let cli = try CLIHarness()
        let long = String(repeating: "A very long title about the negotiations ", count: 4)
        for index in 0..<30 {
            _ = try Self.add(cli, title: index == 29 ? "Two\nlines" : "\(long)\(index)", ["-t", "diplomacy", "-t", "long-running-tag-\(index)"])
        }
        let screen = Self.lines(try cli.runInTerminal(["list"], size: (80, 24)))
        // A screenful: 22 articles and the last line with how many more.
        #expect(screen.count == 23, "\(screen)")
        for line in screen { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
        let rows = screen.dropLast()
        #expect(rows.allSatisfy { $0.contains("…") || $0.contains("Two lines") })
        #expect(rows.first?.contains("Two lines") == true, "newest first, the newline shown as a space")
        // The id column has one width: the dates all start in the same column.
        let dateColumns = Set(
            rows.map { $0.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression)?.lowerBound.utf16Offset(in: $0) ?? -1 })
        #expect(dateColumns.count == 1)
        #expect(screen.last == "22 of 30 articles, newest saved first; 8 more: folio list --offset 22")
        let rest = Self.lines(try cli.runInTerminal(["list", "--offset", "22"], size: (80, 24)))
        #expect(rest.count == 9 && rest.last == "8 of 30 articles, newest saved first")

        // Off a terminal: everything, titles whole.
        let piped = try cli.ok(["list"]).split(separator: "\n")
        #expect(piped.count == 30)
        #expect(piped.contains { $0.contains(long + "3") })
        let byTitle = try cli.ok(["list", "--sort", "title", "-n", "2"]).split(separator: "\n")
        #expect(byTitle.count == 2 && byTitle[0].contains("\(long)0"))
        try BadInputTests().expectFailure(cli, ["list", "--sort", "size"], status: 64, mentioning: ["--sort"])
    }

    @Test func searchWrapsSnippetsAndCountsResults() throws {
        let cli = try CLIHarness()
        let words = (0..<200).map { $0 % 17 == 0 ? "treaty" : "word\($0)" }.joined(separator: " ")
        for index in 0..<3 { _ = try Self.add(cli, title: "Treaty \(index)", text: words) }
        let screen = Self.lines(try cli.runInTerminal(["search", "treaty"], size: (80, 24)))
        for line in screen { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
        #expect(screen.filter { $0.hasPrefix("    ") }.count >= 6, "snippets wrapped over several lines")
        #expect(screen.last == "3 results")
        let limited = Self.lines(try cli.runInTerminal(["search", "-n", "2", "treaty"], size: (80, 24)))
        #expect(limited.last == "2 results shown; more with -n 4")
        #expect(limited.filter { $0.hasPrefix("article") }.count == 2)
        // Excluded words that start like the short options stay words.
        let excluding = try cli.ok(["search", "treaty", "-nato", "-jazz", "-quartz", "-n", "2"])
        #expect(excluding.split(separator: "\n").filter { $0.hasPrefix("article") }.count == 2)
    }

    @Test func loginTakesTheTokenFromStandardInputOrTheEnvironmentNeverTheCommandLine() throws {
        let server = try ServerProcess()
        let token = try server.addUser("bob")
        let cli = try CLIHarness()
        // While login waits for the token on standard input, its command line holds none.
        let input = Pipe()
        let process = try cli.start(["login", server.url, "--token", "-", "--device-name", "work laptop"], input: input)
        // Read the command line once the child has run folio (before, it is empty or the
        // test's own); folio then waits for standard input, so it stays there.
        let procFile = URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline")
        var commandLine = ""
        for _ in 0..<100_000 where !commandLine.contains("login") {
            commandLine = String(decoding: (try? Data(contentsOf: procFile)) ?? Data(), as: UTF8.self)
        }
        #expect(commandLine.contains("login"))
        #expect(!commandLine.contains(token))
        input.fileHandleForWriting.write(Data((token + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let config = try String(contentsOf: cli.home.appendingPathComponent("config.json"), encoding: .utf8)
        #expect(config.contains("work laptop"))
        try cli.ok(["sync"])

        let other = try CLIHarness()
        try other.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        try other.ok(["sync"])
        try BadInputTests().expectFailure(other, ["login", server.url], status: 64, mentioning: ["--token -", "FOLIO_TOKEN"])
        try BadInputTests().expectFailure(other, ["login", server.url, "--token", "-"], input: Data("\n".utf8), status: 64, mentioning: ["empty"])
        let wrong = try other.run(["login", server.url], environment: ["FOLIO_TOKEN": "folio_not-a-token"])
        #expect(wrong.status == 77, "\(wrong.stderr)")
    }

    @Test func loginPromptsForTheTokenWithoutEchoInATerminal() throws {
        let server = try ServerProcess()
        let token = try server.addUser("carol")
        let cli = try CLIHarness()
        let terminal = try JobControlTerminal(cli: cli)
        try terminal.type("folio login \(server.url); echo \"folio-exit=$?\"")
        _ = try terminal.waitForScreen("the token prompt") { $0.contains("Token for") }
        try terminal.type(token)
        // The typed command line holds `folio-exit=$?`; its output holds a number there.
        let screen = try terminal.waitForScreen("login's exit") { $0.range(of: #"folio-exit=\d"#, options: .regularExpression) != nil }
        #expect(screen.contains("folio-exit=0"))
        #expect(screen.contains("Logged in"))
        #expect(!screen.contains(token), "the token was echoed")
    }

    @Test func openHandsTheURLToTheBrowser() throws {
        let cli = try CLIHarness()
        let seen = cli.home.appendingPathComponent("browser-saw")
        let browser = cli.home.appendingPathComponent("browser.sh")
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(seen.path)'\n".write(to: browser, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: browser.path)
        let id = try Self.add(cli, title: "Linked", ["--url", "https://example.org/story?id=7", "--no-fetch"])
        let short = try #require((try cli.json(["list"]) as? [[String: Any]])?.first?["shortID"] as? String)
        try cli.ok(["open", short], environment: ["BROWSER": browser.path + ":firefox"])
        #expect(try String(contentsOf: seen, encoding: .utf8) == "https://example.org/story?id=7")
        let fromFile = try Self.add(cli, title: "No link")
        try BadInputTests().expectFailure(cli, ["open", fromFile], environment: ["BROWSER": browser.path], status: 65, mentioning: ["no URL"])
        try BadInputTests().expectFailure(cli, ["open", id], environment: ["BROWSER": "/bin/false"], status: 1, mentioning: ["exited with status 1"])
    }

    @Test func quietPrintsNothingAndShortIDsPrintedAtAddKeepWorking() throws {
        let cli = try CLIHarness()
        let printed = try cli.ok(["add", "-q", "-", "--title", "Quiet"], input: Data("Quiet text.".utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed.count >= 4 && printed.count <= 6, "a short id, not \(printed)")
        for index in 0..<40 { _ = try Self.add(cli, title: "Later \(index)") }
        #expect(try cli.ok(["archive", "-q", printed]).isEmpty)
        let shown = try #require(try cli.json(["show", printed]) as? [String: Any])
        #expect((shown["article"] as? [String: Any])?["state"] as? String == "archived")
    }

    @Test func usageErrorsSpeakInFolioStyleAndSuggestCommands() throws {
        let cli = try CLIHarness()
        try BadInputTests().expectFailure(
            cli, ["lsit"], status: 64, mentioning: ["folio: 'lsit' is not a folio command", "did you mean `folio list`"])
        try BadInputTests().expectFailure(cli, ["tags", "renam", "a", "b"], status: 64, mentioning: ["`folio tags rename`"])
        let option = try cli.run(["list", "--jsn"])
        #expect(option.status == 64)
        #expect(option.stderr.hasPrefix("folio: unknown option '--jsn'. Did you mean '--json'?"), "\(option.stderr)")
        for binary in [CLIHarness.binary, CLIHarness.binary.deletingLastPathComponent().appendingPathComponent("folio-server")] {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["--version"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(
                text.range(of: #"^folio(-server)? \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n$"#, options: .regularExpression) != nil,
                "\(text)")
        }
    }

    @Test func installPutsBinariesManPagesAndCompletionsThatCompleteIds() throws {
        let cli = try CLIHarness()
        let prefix = cli.home.appendingPathComponent("prefix")
        let install = Process()
        install.executableURL = URL(fileURLWithPath: "/bin/bash")
        install.arguments = [CLIHarness.packageRoot.appendingPathComponent("scripts/install.sh").path, prefix.path]
        install.environment = cli.environment.merging(["FOLIO_INSTALL_BIN": CLIHarness.binary.deletingLastPathComponent().path]) { $1 }
        install.standardOutput = FileHandle.nullDevice
        try install.run()
        install.waitUntilExit()
        try #require(install.terminationStatus == 0)
        for path in [
            "bin/folio", "bin/folio-server", "bin/folio-web", "share/man/man1/folio-web.1", "share/zsh/site-functions/_folio",
            "share/fish/vendor_completions.d/folio.fish",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path), "\(path) missing")
        }
        let manual = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/folio.1"), encoding: .utf8)
        #expect(manual.contains(".Nm folio") && manual.contains("rename"))
        let serverManual = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/folio-server.1"), encoding: .utf8)
        #expect(serverManual.contains("serve"))

        // bash completes a command name, and an id from the library (asking folio for it).
        let id = try Self.add(cli, title: "Complete me")
        let short = try #require((try cli.json(["list"]) as? [[String: Any]])?.first?["shortID"] as? String)
        _ = id
        let completion = prefix.appendingPathComponent("share/bash-completion/completions/folio").path
        let script = """
            source '\(completion)'
            complete_line() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"
                [[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                _folio; printf '%s\\n' "${COMPREPLY[@]}"; }
            echo "== commands"; complete_line "\(prefix.path)/bin/folio sh"
            echo "== ids"; complete_line "\(prefix.path)/bin/folio show "
            """
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["--norc", "-c", script]
        bash.environment = cli.environment
        let output = Pipe()
        bash.standardOutput = output
        try bash.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        bash.waitUntilExit()
        let parts = text.components(separatedBy: "== ids")
        #expect(parts.first?.contains("show") == true, "\(text)")
        #expect(parts.last?.split(separator: "\n").contains { $0 == short } == true, "\(text)")
    }
}

/// Sync messages a new user meets first.
@Suite struct SyncMessageTests {
    @Test func aFreshDeviceDoesNotReportPurgedItemsItNeverHadAsRemoved() throws {
        let server = try ServerProcess()
        let token = try server.addUser("erin")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url], environment: ["FOLIO_TOKEN": token]) }
        let kept = try EverydayCommandTests.add(laptop, title: "Kept")
        let gone = [try EverydayCommandTests.add(laptop, title: "Gone one"), try EverydayCommandTests.add(laptop, title: "Gone two")]
        try laptop.ok(["sync"])
        try laptop.ok(["rm"] + gone)
        for id in gone { try laptop.ok(["purge", id, "--yes"]) }
        try laptop.ok(["sync"])
        // One change per page: each article arrives whole on one page and its purge on a later one.
        let summary = try #require(try phone.json(["sync", "--page-size", "1"]) as? [String: Any])
        #expect(summary["removed"] as? Int == 0, "\(summary)")
        #expect(try phone.articleIDs() == [kept])
        #expect(!(try phone.ok(["sync"]).contains("trashed or deleted")))
    }

    @Test func anUnreachableServerIsNamedByItsBaseURLOnly() throws {
        let server = try ServerProcess()
        let token = try server.addUser("frank")
        let cli = try CLIHarness()
        try cli.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        try cli.ok(["sync"])
        let url = server.url
        server.stop()
        let result = try cli.run(["sync"], environment: ["FOLIO_SYNC_TIMEOUT": "5"])
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach \(url):"), "\(result.stderr)")
        #expect(!result.stderr.contains("/v1/") && !result.stderr.contains("cursor"), "\(result.stderr)")
    }
}
