import FolioTestSupport
import Foundation
import Testing

@testable import HTTP

@Suite struct CurlTransportTests {
    @Test func getsPostsAndDecodesCompressedAnswers() async throws {
        let server = try LoopbackFixture(script: "http_server.py")
        let transport = try CurlTransport()
        let ok = try await transport.send(HTTPRequest(url: server.url + "/ok"))
        #expect(ok.status == 200)
        #expect(String(decoding: ok.body, as: UTF8.self) == "hello")
        let compressed = try await transport.send(HTTPRequest(url: server.url + "/gzip"))
        #expect(String(decoding: compressed.body, as: UTF8.self) == String(repeating: "compressed ", count: 100))
        #expect(compressed.headers["content-encoding"] == "gzip")
        let echo = try await transport.send(
            HTTPRequest(method: "POST", url: server.url + "/echo", headers: ["X-Folio-Test": "yes"], body: Data("{\"a\":1}".utf8)))
        let object = try #require(try JSONSerialization.jsonObject(with: echo.body) as? [String: Any])
        let headers = try #require(object["headers"] as? [String: String])
        #expect(object["method"] as? String == "POST")
        #expect(object["body"] as? String == "{\"a\":1}")
        #expect(headers["x-folio-test"] == "yes")
        #expect(headers["accept-encoding"]?.contains("gzip") == true)
        #expect(headers["user-agent"]?.hasPrefix("folio/") == true)
    }

    @Test func failuresAreNamed() async throws {
        let server = try LoopbackFixture(script: "http_server.py")
        let port = closedPort()
        let transport = try CurlTransport(configuration: TransportConfiguration(lowSpeedSeconds: 1, maximumResponseBytes: 1000))
        await #expect(throws: TransportError.invalidURL("ftp://example.com/x")) {
            try await transport.send(HTTPRequest(url: "ftp://example.com/x"))
        }
        await #expect(throws: TransportError.self) { try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok")) }
        do {
            _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok"))
        } catch {
            #expect(RetryPolicy.isTransient(error), "connection refused is worth retrying: \(error)")
        }
        await #expect(throws: TransportError.tooLarge(url: server.url + "/big?bytes=5000")) {
            try await transport.send(HTTPRequest(url: server.url + "/big?bytes=5000"))
        }
        // The server would answer after 120 s; the low-speed limit (1 s) gives up first, and
        // says so (the outcome is asserted, not the seconds).
        await #expect(throws: TransportError.timedOut(url: server.url + "/slow?seconds=120")) {
            try await transport.send(HTTPRequest(url: server.url + "/slow?seconds=120"))
        }
        // The handle is reused after failures.
        #expect(try await transport.send(HTTPRequest(url: server.url + "/ok")).status == 200)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackFixture(script: "http_server.py")
        let transport = try CurlTransport()
        // The server would answer after 120 s; cancelling aborts the transfer, which ends with
        // the cancellation error rather than the server's answer.
        let task = Task { try await transport.send(HTTPRequest(url: server.url + "/slow?seconds=120")) }
        task.cancel()
        await #expect(throws: TransportError.cancelled) { try await task.value }
    }
}
