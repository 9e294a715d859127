import Foundation
import Models
import Testing

@testable import Sync

/// The loopback HTTP server of `Tests/Fixtures/http_server.py`, running for one test.
final class FixtureServer {
    let process = Process()
    let input = Pipe()
    let port: Int

    var base: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/http_server.py")
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// A loopback port with nothing listening on it.
func closedPort() -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            #expect(bind(socket, raw, length) == 0)
            #expect(getsockname(socket, raw, &length) == 0)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite struct CurlTransportTests {
    @Test func getsPostsAndDecodesCompressedAnswers() async throws {
        let server = try FixtureServer()
        let transport = try CurlTransport()
        let ok = try await transport.send(HTTPRequest(url: server.base + "/ok"))
        #expect(ok.status == 200)
        #expect(String(decoding: ok.body, as: UTF8.self) == "hello")
        let compressed = try await transport.send(HTTPRequest(url: server.base + "/gzip"))
        #expect(String(decoding: compressed.body, as: UTF8.self) == String(repeating: "compressed ", count: 100))
        #expect(compressed.headers["content-encoding"] == "gzip")
        let echo = try await transport.send(
            HTTPRequest(method: "POST", url: server.base + "/echo", headers: ["X-Folio-Test": "yes"], body: Data("{\"a\":1}".utf8)))
        let object = try #require(try JSONSerialization.jsonObject(with: echo.body) as? [String: Any])
        let headers = try #require(object["headers"] as? [String: String])
        #expect(object["method"] as? String == "POST")
        #expect(object["body"] as? String == "{\"a\":1}")
        #expect(headers["x-folio-test"] == "yes")
        #expect(headers["accept-encoding"]?.contains("gzip") == true)
        #expect(headers["user-agent"]?.hasPrefix("folio/") == true)
    }

    @Test func failuresAreNamed() async throws {
        let server = try FixtureServer()
        let port = closedPort()
        let transport = try CurlTransport(configuration: TransportConfiguration(lowSpeedSeconds: 1, maximumResponseBytes: 1000))
        await #expect(throws: TransportError.invalidURL("ftp://example.com/x")) {
            try await transport.send(HTTPRequest(url: "ftp://example.com/x"))
        }
        await #expect(throws: TransportError.self) { try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok")) }
        do {
            _ = try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok"))
        } catch {
            #expect(error.isTransient, "connection refused is worth retrying: \(error)")
        }
        await #expect(throws: TransportError.tooLarge(url: server.base + "/big?bytes=5000")) {
            try await transport.send(HTTPRequest(url: server.base + "/big?bytes=5000"))
        }
        // The server would answer after 120 s; the low-speed limit (1 s) gives up first, and
        // says so (the outcome is asserted, not the seconds).
        await #expect(throws: TransportError.timedOut(url: server.base + "/slow?seconds=120")) {
            try await transport.send(HTTPRequest(url: server.base + "/slow?seconds=120"))
        }
        // The handle is reused after failures.
        #expect(try await transport.send(HTTPRequest(url: server.base + "/ok")).status == 200)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try FixtureServer()
        let transport = try CurlTransport()
        // The server would answer after 120 s; cancelling aborts the transfer, which ends with
        // the cancellation error rather than the server's answer.
        let task = Task { try await transport.send(HTTPRequest(url: server.base + "/slow?seconds=120")) }
        task.cancel()
        await #expect(throws: TransportError.cancelled) { try await task.value }
    }
}

@Suite struct HTTPClientRetryTests {
    let quick = RetryPolicy(maximumAttempts: 4, baseDelay: 0.01, maximumDelay: 0.05)

    @Test func transientAnswersAreRetriedUntilTheyPass() async throws {
        let server = try FixtureServer()
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        let response = try await client.send(HTTPRequest(url: server.base + "/flaky?key=a&n=2"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "3", "two failures, then success on the third request")
    }

    @Test func retriesStopAtTheLimitAndOtherErrorsAreNotRetried() async throws {
        let server = try FixtureServer()
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        #expect(try await client.send(HTTPRequest(url: server.base + "/flaky?key=b&n=10")).status == 503)
        let after = try await client.send(HTTPRequest(url: server.base + "/flaky?key=b&n=4"))
        #expect(String(decoding: after.body, as: UTF8.self) == "5", "exactly 4 attempts were made before")
        #expect(try await client.send(HTTPRequest(url: server.base + "/status?code=404")).status == 404)
    }

    @Test func anUnreachableServerIsRetriedThenReported() async throws {
        let port = closedPort()
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        do {
            _ = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok"))
            Issue.record("expected a connection failure")
        } catch {
            #expect(error.isTransient)
            #expect(error.description.contains("cannot reach"))
        }
    }
}

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsWithJitterAndStaysUnderTheCap() {
        let policy = RetryPolicy(maximumAttempts: 10, baseDelay: 0.5, maximumDelay: 4)
        var random = SplitMix64(seed: 1)
        for retry in 1...8 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry - 1)))
            let delays = (0..<50).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil, using: &random) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(Set(delays).count > 40, "jittered")
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: 2, using: &random) == 2)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 120, using: &random) == 4)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.retryAfterSeconds("120", now: now) == 120)
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfterSeconds("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil, now: now) == nil)
        #expect([429, 503, 500, 502, 504, 408].allSatisfy(RetryPolicy.isTransient))
        #expect(![200, 400, 401, 404, 413].contains(where: RetryPolicy.isTransient))
    }
}
