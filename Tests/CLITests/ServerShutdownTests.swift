import FolioTestSupport
import Foundation
import HTTP
import Models
import Sync
import Testing

/// Reads lines from a pipe, waiting at most a deadline for each (so a test fails instead of
/// hanging when a process never says what it should).
final class LineReader {
    private let handle: FileHandle
    private var buffered = Data()

    init(_ pipe: Pipe) { handle = pipe.fileHandleForReading }

    /// The first line, from here on, that contains `text`; nil if none came within `seconds`.
    func waitForLine(containing text: String, seconds: Double = 30) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            while let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[buffered.startIndex..<newline], as: UTF8.self)
                buffered.removeSubrange(buffered.startIndex...newline)
                if line.contains(text) { return line }
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining * 1000)) > 0 else { return nil }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }  // the writer closed the pipe
            buffered.append(chunk)
        }
    }
}

/// A request held in flight by `Tests/Fixtures/slow_request.py`: the head and half the body
/// are sent, the rest when `finish()` is called.
final class SlowRequest {
    let process = Process()
    let input = Pipe()
    let output = Pipe()

    init(url: String, token: String, body: Data) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("folio-body-\(UUID().uuidString)")
        try body.write(to: file)
        let script = CLIHarness.packageRoot.appendingPathComponent("Tests/Fixtures/slow_request.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url, token, file.path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        #expect(LineReader(output).waitForLine(containing: "half-sent") != nil)
    }

    /// Sends the rest of the body; returns the answer's status and body.
    func finish() -> (status: Int?, body: String) {
        input.fileHandleForWriting.write(Data("go\n".utf8))
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
        return (lines.first.flatMap { Int($0) }, lines.count > 1 ? lines[1] : "")
    }
}

@Suite struct ServerShutdownTests {
    /// SIGTERM while a push is half received: the server stops taking connections, but the
    /// push completes and is stored, and the server exits 0.
    @Test(arguments: Backend.available)
    func aRequestInFlightFinishesWhenTheServerIsStopped(backend: Backend) async throws {
        // The half-sent push waits while the test checks the listener: on a loaded machine that
        // can take longer than the default idle timeout, which would close it (as it should).
        let server = try ServerProcess(backend: backend, capturingLogs: true, serveArguments: ["--idle-timeout", "3600"])
        let logs = LineReader(try #require(server.logs))
        let token = try server.addUser("alice")
        let article = Article(title: "Saved during shutdown", content: String(repeating: "Words to push. ", count: 500))
        let change = Change(
            entity: .article, entityID: article.id, operation: .create, value: try FolioJSON.string(article),
            timestamp: HLCTimestamp(wallMillis: 1_700_000_000_000, counter: 0, deviceID: ServerProcess.deviceA))
        let body = try JSONEncoder().encode(PushRequest(deviceID: ServerProcess.deviceA, mutations: [Mutation(deviceSequence: 1, change: change)]))

        let request = try SlowRequest(url: server.url + "/v1/push", token: token, body: body)
        // The server logs a request once it has read its head: from then on it is in flight.
        #expect(logs.waitForLine(containing: "hb.request.path=/v1/push") != nil)
        kill(server.process.processIdentifier, SIGTERM)
        #expect(logs.waitForLine(containing: "shutting down") != nil)
        // New connections are refused from now on (wait until the listener is closed).
        let transport = try CurlTransport()
        var refused = false
        for _ in 0..<200 where !refused {
            do {
                _ = try await transport.send(HTTPRequest(url: server.url + "/health"))
            } catch {
                refused = true
            }
        }
        #expect(refused, "the stopping server takes no new connections")

        let answer = request.finish()
        #expect(answer.status == 200)
        let results = try JSONDecoder().decode(PushResponse.self, from: Data(answer.body.utf8)).results
        #expect(results.map(\.status) == [.applied])
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)

        // After a restart on the same store, the push is there, once.
        let restarted = try ServerProcess(sharing: server)
        defer { restarted.stop() }
        let pulled = try await transport.send(HTTPRequest(url: restarted.url + "/v1/pull", headers: ["Authorization": "Bearer \(token)"]))
        let changes = try JSONDecoder().decode(PullResponse.self, from: pulled.body).changes
        #expect(changes.map(\.change.entityID) == [article.id])
    }
}
