import Foundation
import HTTP
import Testing

@testable import Web

/// Whether a failed fetch keeps its URL in the queue follows the HTTP layer's one rule.
@Suite struct FetchErrorTests {
    @Test func transientFailuresAreTheHTTPLayersTransientFailures() {
        let url = "https://example.com/a"
        #expect(FetchError.transport(.cannotConnect(url: url, reason: "refused")).isTransient)
        #expect(FetchError.transport(.timedOut(url: url)).isTransient)
        #expect(!FetchError.transport(.tls(url: url, reason: "bad certificate")).isTransient)
        for status in [408, 429, 500, 502, 503, 504] {
            #expect(FetchError.http(url: url, status: status).isTransient == RetryPolicy.isTransient(status: status))
            #expect(FetchError.http(url: url, status: status).isTransient)
        }
        for status in [400, 401, 403, 404, 410, 501] {
            #expect(!FetchError.http(url: url, status: status).isTransient)
        }
        #expect(!FetchError.unreadable(url: url, reason: "no text").isTransient)
        #expect(!FetchError.tooLarge(url: url, limit: 1).isTransient)
    }

    /// What `folio fetch` gives up on after three in a row: not found, gone, no such host.
    @Test func deadLinksAreNotFoundGoneAndUnknownHostsOnly() {
        let url = "https://example.com/a"
        #expect(FetchError.http(url: url, status: 404).isDeadLink)
        #expect(FetchError.http(url: url, status: 410).isDeadLink)
        #expect(FetchError.transport(.hostNotFound(url: url, host: "example.com")).isDeadLink)
        // One such answer may pass: it stays pending (and a sync retries) until the third.
        #expect(FetchError.transport(.hostNotFound(url: url, host: "example.com")).isTransient)
        for status in [403, 429, 500, 503] { #expect(!FetchError.http(url: url, status: status).isDeadLink) }
        #expect(!FetchError.transport(.cannotConnect(url: url, reason: "offline")).isDeadLink)
        #expect(!FetchError.transport(.timedOut(url: url)).isDeadLink)
        #expect(!FetchError.unreadable(url: url, reason: "no text").isDeadLink)
    }
}
