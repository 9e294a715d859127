import Foundation
import Testing

/// Runs the built `folio` binary in a temporary `FOLIO_HOME`, as a user would.
package final class CLIHarness {
    /// What one run printed and how it ended.
    package struct Result {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    package let home: URL
    package var environment: [String: String]

    /// The package root, found from this file's path.
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `$FOLIO_BIN`, else the debug build.
    package static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["FOLIO_BIN"] { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent(".build/debug/folio")
    }

    /// The shared test data (`../shared/data` beside the project, or `$FOLIO_SHARED_DATA`).
    package static var sharedData: URL {
        if let path = ProcessInfo.processInfo.environment["FOLIO_SHARED_DATA"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return packageRoot.appendingPathComponent("../shared/data").standardizedFileURL
    }

    package static var seedArticle: URL { sharedData.appendingPathComponent("seed/000_a59b72f464577484.txt") }

    package var storeFile: URL { home.appendingPathComponent("library.sqlite") }

    package init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("folio-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["FOLIO_HOME"] = home.path
        environment["FOLIO_LOCK_TIMEOUT"] = "0.5"
        environment.removeValue(forKey: "NO_COLOR")
        environment["EDITOR"] = "false"
        environment.removeValue(forKey: "VISUAL")
        self.environment = environment
    }

    deinit {
        try? FileManager.default.removeItem(at: home)
    }

    /// Runs `folio` with the arguments, feeding `input` on standard input (empty when nil).
    @discardableResult
    package func run(_ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = home
        let stdinPipe = Pipe()
        let stdoutFile = home.appendingPathComponent("stdout-\(UUID().uuidString)")
        let stderrFile = home.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutFile)
        let stderrHandle = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = stdinPipe
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
        if let input { stdinPipe.fileHandleForWriting.write(input) }
        try stdinPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        try stdoutHandle.close()
        try stderrHandle.close()
        defer {
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutFile), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrFile), as: UTF8.self))
    }

    /// Runs `folio` with a pseudo-terminal as its standard input and output (through
    /// util-linux `script`), as a person at a terminal would; returns what the terminal showed.
    /// With a `size`, the terminal has that many columns and rows (`stty` inside it).
    package func runInTerminal(_ arguments: [String], environment extra: [String: String] = [:], size: (columns: Int, rows: Int)? = nil) throws
        -> String
    {
        let quoted = ([Self.binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let resize = size.map { "stty cols \($0.columns) rows \($0.rows); " } ?? ""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", resize + quoted.joined(separator: " "), "/dev/null"]
        process.environment = environment.merging(["TERM": "xterm"]) { $1 }.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `folio` without waiting for it, for tests that act on it while it runs: standard
    /// input and error go to the given pipes (else nowhere), standard output nowhere.
    package func start(_ arguments: [String], input: Pipe? = nil, errors: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `folio` and requires success; returns standard output.
    @discardableResult
    package func ok(
        _ arguments: [String], input: Data? = nil, environment extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> String
    {
        let result = try run(arguments, input: input, environment: extra)
        #expect(result.status == 0, "folio \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs `folio ... --json` and decodes the output.
    package func json(_ arguments: [String], input: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let output = try ok(arguments + ["--json"], input: input, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(output.utf8))
    }

    /// Adds the seed article and returns its full id.
    package func addSeed(_ extra: [String] = []) throws -> String {
        let object = try json(["add", Self.seedArticle.path] + extra) as? [String: Any]
        let article = try #require(object?["article"] as? [String: Any])
        return try #require(article["id"] as? String)
    }

    /// The titles of the listed articles, sorted.
    package func titles() throws -> [String] {
        try #require(try json(["list"]) as? [[String: Any]]).compactMap { $0["title"] as? String }.sorted()
    }

    /// The full ids of the listed articles, newest first.
    package func articleIDs(_ extra: [String] = []) throws -> [String] {
        let list = try #require(try json(["list"] + extra) as? [[String: Any]])
        return list.compactMap { $0["id"] as? String }
    }

    /// A digest of the store file and its WAL, to show that a failed command changed nothing.
    package func storeSnapshot() throws -> Data {
        let export = try ok(["export", "--format", "jsonl"])
        // Drop the header line, which carries the export time.
        return Data(export.split(separator: "\n").dropFirst().joined(separator: "\n").utf8)
    }
}
