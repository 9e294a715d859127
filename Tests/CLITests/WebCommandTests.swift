import FolioTestSupport
import Foundation
import Testing

/// `folio web`: it hands over to the `folio-web` next to it, which refuses other machines
/// without a password and shares the library with `folio` commands while it runs.
@Suite struct WebCommandTests {
    /// `curl` with a cookie jar, as a browser keeps its session.
    static func curl(_ arguments: [String], jar: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-b", jar.path, "-c", jar.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func anAddressOtherThanLoopbackNeedsAPassword() throws {
        let cli = try CLIHarness()
        let result = try cli.run(["web", "--host", "0.0.0.0", "--port", "0"], environment: ["FOLIO_WEB_PASSWORD": ""])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("folio-web: listening on 0.0.0.0 lets other machines in: give --password-file FILE"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func withoutFolioWebBesideItSaysSoAndExits69() throws {
        let cli = try CLIHarness()
        let alone = cli.home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLIHarness.binary, to: alone.appendingPathComponent("folio"))
        let process = Process()
        process.executableURL = alone.appendingPathComponent("folio")
        process.arguments = ["web"]
        process.environment = cli.environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 69)
        #expect(text.hasPrefix("folio: the web reader is not installed: no folio-web next to folio"))
    }

    @Test func theWebReaderAndFolioCommandsShareTheLibraryAtOnce() throws {
        let cli = try CLIHarness()
        try cli.ok(["add", "-", "--title", "Before the reader"], input: Data("Saved before folio web started.\n".utf8))
        let web = Process()
        web.executableURL = CLIHarness.binary
        web.arguments = ["web", "--port", "0"]
        web.environment = cli.environment.merging(["FOLIO_WEB_LOG_LEVEL": "warning"]) { $1 }
        let output = Pipe()
        web.standardOutput = output
        web.standardInput = FileHandle.nullDevice
        try web.run()
        defer {
            web.terminate()
            web.waitUntilExit()
        }
        var seen = ""
        while !seen.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let url = try #require(seen.split(separator: "\n").first { $0.hasPrefix("listening on ") }).dropFirst("listening on ".count)
        let jar = cli.home.appendingPathComponent("cookies")
        // A `folio` command writes while the reader runs, and the reader shows it.
        try cli.ok(["add", "-", "--title", "While the reader runs"], input: Data("Saved by the CLI meanwhile.\n".utf8))
        let library = try Self.curl(["\(url)/"], jar: jar)
        #expect(library.contains("While the reader runs") && library.contains("Before the reader"))
        // The reader writes (a form post with its CSRF token), and `folio` sees it.
        let id = try #require((try cli.json(["list"]) as? [[String: Any]])?.first { $0["title"] as? String == "Before the reader" }?["id"] as? String)
        let page = try Self.curl(["\(url)/articles/\(id)"], jar: jar)
        let token = try #require(page.range(of: "name=\"csrf-token\" content=\"")).upperBound
        let csrf = String(page[token...].prefix { $0 != "\"" })
        _ = try Self.curl(["-X", "POST", "--data", "csrf=\(csrf)", "\(url)/articles/\(id)/star"], jar: jar)
        let shown = try #require((try cli.json(["show", id]) as? [String: Any])?["article"] as? [String: Any])
        #expect(shown["starred"] as? Bool == true)
    }
}
