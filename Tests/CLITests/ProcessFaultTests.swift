import FolioTestSupport
import Foundation
import Models
import Testing

/// Real binaries killed with SIGKILL in the middle of their work: nothing half-written stays,
/// and the next sync completes with nothing lost or duplicated.
@Suite(.serialized) struct ProcessFaultTests {
    /// A library of `count` articles derived from the shared corpus, made by the debug
    /// `folio-bench generate` straight into `cli`'s store.
    func generateLibrary(_ cli: CLIHarness, count: Int) throws {
        let process = Process()
        process.executableURL = CLIHarness.packageRoot.appendingPathComponent(".build/debug/folio-bench")
        process.arguments = [
            "generate", "--count", String(count), "--notes", String(count / 10), "--corpus",
            CLIHarness.sharedData.appendingPathComponent("corpus/news.jsonl").path, "--out", cli.storeFile.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// `folio sync` started in `cli`'s home, running in the background.
    func startSync(_ cli: CLIHarness) throws -> Process {
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["sync"]
        process.environment = cli.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts `folio sync` and kills it with SIGKILL after `milliseconds`, unless it ended
    /// before; returns whether it was killed.
    func killedSync(_ cli: CLIHarness, after milliseconds: Int) throws -> Bool {
        let process = try startSync(cli)
        // The fault itself: the kill lands at a random moment of the sync.
        usleep(useconds_t(milliseconds * 1000))
        let running = process.isRunning
        if running { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return running && process.terminationReason == .uncaughtSignal
    }

    /// What the sqlite3 CLI prints for `sql` on the database at `path`.
    func sqlite(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every article and note as exported (item lines only), sorted.
    func library(_ cli: CLIHarness) throws -> [Substring] {
        try cli.ok(["export", "--format", "jsonl"]).split(separator: "\n").filter { !$0.contains("\"type\":\"header\"") }.sorted()
    }

    @Test func clientsKilledDuringFiftySyncsLoseAndDuplicateNothing() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (writer, reader) = (try CLIHarness(), try CLIHarness())
        try generateLibrary(writer, count: 1_500)
        for device in [writer, reader] { try device.ok(["login", server.url, "--token", token]) }
        var random = SplitMix64(seed: 42)
        let ids = try writer.articleIDs()
        var kills = 0
        for round in 0..<50 {
            // The writer keeps making changes; both devices' syncs are killed at random moments.
            if round % 5 == 0, let id = random.pick(ids) { try writer.ok(["tag", id, "+round\(round)"]) }
            let device = round % 2 == 0 ? writer : reader
            if try killedSync(device, after: 20 + random.below(300)) { kills += 1 }
            #expect(try sqlite(device.storeFile.path, "PRAGMA integrity_check") == "ok", "round \(round)")
        }
        #expect(kills >= 25, "most syncs were cut short (\(kills) of 50)")
        for device in [writer, reader, writer, reader] { try device.ok(["sync"]) }
        #expect(try library(reader) == library(writer), "the same library, nothing lost")
        #expect(try reader.articleIDs().count == 1_500, "nothing twice")
        let status = try #require(try writer.json(["status"]) as? [String: Any])
        #expect(status["unsyncedChanges"] as? Int == 0)
        let serverStore = server.dataDirectory.appendingPathComponent("server.sqlite").path
        #expect(try sqlite(serverStore, "SELECT count(*) - count(DISTINCT timestamp) FROM serverChange") == "0", "stored once")
    }

    /// How many changes the server stored more than once (by timestamp), and how many in all.
    func serverCounts(_ server: ServerProcess) throws -> (duplicates: String, total: String) {
        let sql = "SELECT count(*) - count(DISTINCT timestamp), count(*) FROM "
        let answer: String
        if server.storeArguments.first == "--database" {
            let process = Process()
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            process.arguments = ["-At", "-F", "|", server.storeArguments[1], "-c", sql + "folio_change"]
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            answer = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            answer = try sqlite(server.dataDirectory.appendingPathComponent("server.sqlite").path, sql + "serverChange")
        }
        let parts = answer.split(separator: "|").map(String.init)
        return (parts.first ?? answer, parts.count > 1 ? parts[1] : "")
    }

    @Test(arguments: Backend.available)
    func serversKilledDuringPushesLoseAndDuplicateNothing(backend: Backend) throws {
        let first = try ServerProcess(backend: backend)
        let token = try first.addUser("alice")
        var server = first
        let (writer, reader) = (try CLIHarness(), try CLIHarness())
        try generateLibrary(writer, count: 1_500)
        let changes = 1_500 + 150
        var random = SplitMix64(seed: 7)
        var cutShort = 0
        for round in 0..<6 {
            try writer.ok(["login", server.url, "--token", token])
            let sync = try startSync(writer)
            // The fault: the server dies at a random moment of the pushes.
            usleep(useconds_t((100 + random.below(700)) * 1000))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            if sync.isRunning { kill(sync.processIdentifier, SIGKILL) }
            sync.waitUntilExit()
            let counts = try serverCounts(first)
            #expect(counts.duplicates == "0", "round \(round)")
            if let total = Int(counts.total), total < changes { cutShort += 1 }
            server = try ServerProcess(sharing: first)
        }
        #expect(cutShort >= 1, "at least one kill landed before the pushes were done")
        try writer.ok(["login", server.url, "--token", token])
        try reader.ok(["login", server.url, "--token", token])
        for device in [writer, reader] { try device.ok(["sync"]) }
        #expect(try library(reader) == library(writer), "the same library, nothing lost")
        let counts = try serverCounts(first)
        #expect(counts.duplicates == "0")
        #expect(counts.total == String(changes), "every change stored once")
        server.stop()
    }

    @Test func answersCutMidwayOrStalledAreRetriedAndTheSyncConverges() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (writer, reader) = (try CLIHarness(), try CLIHarness())
        try writer.ok(["login", server.url, "--token", token])
        for index in 0..<30 {
            try writer.ok(["add", "-", "--title", "Article \(index)"], input: Data(String(repeating: "Text \(index). ", count: 200).utf8))
        }
        try writer.ok(["sync"])
        /// Points the reader at another URL without a login (which would meet the faults first).
        func useServer(_ url: String) throws {
            let file = reader.home.appendingPathComponent("config.json")
            let config = try String(contentsOf: file, encoding: .utf8)
            try config.replacingOccurrences(of: server.url, with: url).write(to: file, atomically: true, encoding: .utf8)
        }
        try reader.ok(["login", server.url, "--token", token])
        // Two answers cut in the middle, then a request that never gets an answer: the sync
        // retries through all of them (the stall is abandoned after FOLIO_SYNC_TIMEOUT).
        let flaky = try FaultProxy(upstream: server.url, arguments: ["--cut-answers", "2", "--stall", "1"])
        try useServer(flaky.url)
        reader.environment["FOLIO_SYNC_TIMEOUT"] = "2"
        let synced = try reader.run(["sync", "--page-size", "10"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try library(reader) == library(writer))

        // More stalls than the retries allow: a clean failure, one line, then a clean resume.
        try writer.ok(["add", "-", "--title", "One more"], input: Data("Late text.".utf8))
        try writer.ok(["sync"])
        let stalled = try FaultProxy(upstream: server.url, arguments: ["--stall", "20"])
        try reader.ok(["login", server.url, "--token", token])
        try useServer(stalled.url)
        reader.environment["FOLIO_SYNC_TIMEOUT"] = "1"
        let failed = try reader.run(["sync"])
        #expect(failed.status == 69)
        #expect(failed.stderr.contains("did not answer in time"))
        #expect(failed.stderr.split(separator: "\n").count == 1)
        #expect(try sqlite(reader.storeFile.path, "PRAGMA integrity_check") == "ok")
        stalled.heal()
        try reader.ok(["sync"])
        #expect(try library(reader) == library(writer), "converged once the network healed")
    }
}
