import Foundation
import Testing

/// A real `folio-server` process on a free loopback port, with its own data folder or its own
/// PostgreSQL database.
package final class ServerProcess {
    package let dataDirectory: URL
    package let storeArguments: [String]
    /// The PostgreSQL URL, for a server on PostgreSQL.
    package var database: String? {
        storeArguments.firstIndex(of: "--database").map { storeArguments[$0 + 1] }
    }
    package let process = Process()
    /// The server's log (standard error), when the test asked for it.
    package let logs: Pipe?
    package var url = ""

    /// Device ids for tests that push by hand (the server accepts only ids).
    package static let deviceA = "01900000-0000-7000-8000-00000000000a"
    package static let deviceB = "01900000-0000-7000-8000-00000000000b"

    package static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["FOLIO_SERVER_BIN"] { return URL(fileURLWithPath: path) }
        return CLIHarness.packageRoot.appendingPathComponent(".build/debug/folio-server")
    }

    /// A fresh PostgreSQL database on the test cluster; its URL.
    package static func makeDatabase() throws -> String {
        let base = try #require(ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"])
        let name = "folio_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = ["-q", base, "-c", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// More options for `folio-server serve`.
    package let serveArguments: [String]

    package init(backend: Backend = .sqlite, sharing other: ServerProcess? = nil, capturingLogs: Bool = false, serveArguments: [String] = []) throws {
        logs = capturingLogs ? Pipe() : nil
        self.serveArguments = serveArguments
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        if let other {
            storeArguments = other.storeArguments
        } else {
            switch backend {
            case .sqlite: storeArguments = ["--data-dir", dataDirectory.path]
            case .postgres: storeArguments = ["--database", try Self.makeDatabase()]
            }
        }
        try start()
    }

    /// Starts `folio-server serve` and waits for its address.
    package func start() throws {
        let output = Pipe()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + storeArguments + serveArguments
        process.standardOutput = output
        process.standardError = logs ?? FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(seen.split(separator: "\n").first { $0.hasPrefix("listening on ") })
        url = String(line.dropFirst("listening on ".count))
    }

    /// Adds a user with `folio-server user add` and returns their token.
    package func addUser(_ name: String) throws -> String {
        try userCommand(["add", name])
    }

    /// Runs `folio-server user …` on this server's store; returns what it printed.
    package func userCommand(_ arguments: [String]) throws -> String {
        try command(["user"] + arguments)
    }

    /// Runs a `folio-server` command on this server's store (`device forget ID`, `compact`…);
    /// returns what it printed.
    package func command(_ arguments: [String]) throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = Self.binary
        process.arguments = arguments + storeArguments
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    package func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}
