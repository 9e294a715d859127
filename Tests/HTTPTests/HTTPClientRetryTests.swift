import FolioTestSupport
import Foundation
import Testing

@testable import HTTP

@Suite struct HTTPClientRetryTests {
    let quick = RetryPolicy(maximumAttempts: 4, baseDelay: 0.01, maximumDelay: 0.05)

    @Test func transientAnswersAreRetriedUntilTheyPass() async throws {
        let server = try LoopbackFixture(script: "http_server.py")
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        let response = try await client.send(HTTPRequest(url: server.url + "/flaky?key=a&n=2"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "3", "two failures, then success on the third request")
    }

    @Test func retriesStopAtTheLimitAndOtherErrorsAreNotRetried() async throws {
        let server = try LoopbackFixture(script: "http_server.py")
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        #expect(try await client.send(HTTPRequest(url: server.url + "/flaky?key=b&n=10")).status == 503)
        let after = try await client.send(HTTPRequest(url: server.url + "/flaky?key=b&n=4"))
        #expect(String(decoding: after.body, as: UTF8.self) == "5", "exactly 4 attempts were made before")
        #expect(try await client.send(HTTPRequest(url: server.url + "/status?code=404")).status == 404)
    }

    @Test func anUnreachableServerIsRetriedThenReported() async throws {
        let port = closedPort()
        let client = HTTPClient(transport: try CurlTransport(), policy: quick)
        do {
            _ = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/ok"))
            Issue.record("expected a connection failure")
        } catch {
            #expect(RetryPolicy.isTransient(error))
            #expect(error.description.contains("cannot reach"))
        }
    }
}
