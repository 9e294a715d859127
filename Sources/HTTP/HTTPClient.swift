import Foundation

/// Sends requests through a transport and retries what may work later: connection failures,
/// timeouts, and 408/429/5xx answers, with exponential backoff and jitter, or the server's
/// `Retry-After`.
package struct HTTPClient: Sendable {
    package let transport: CurlTransport
    package let policy: RetryPolicy

    package init(transport: CurlTransport, policy: RetryPolicy = RetryPolicy()) {
        self.transport = transport
        self.policy = policy
    }

    /// The answer to `request`, after retries; the last answer when retries run out (check its
    /// status), or the last transport error.
    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        var random = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let wait: Double
            do {
                let response = try await transport.send(request)
                guard RetryPolicy.isTransient(status: response.status), attempt < policy.maximumAttempts else { return response }
                let retryAfter = RetryPolicy.retryAfterSeconds(response.headers["retry-after"])
                wait = policy.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &random)
            } catch  where RetryPolicy.isTransient(error) && attempt < policy.maximumAttempts {
                wait = policy.delay(beforeRetry: attempt, retryAfter: nil, using: &random)
            }
            do {
                try await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded())))
            } catch {
                throw .cancelled
            }
            attempt += 1
        }
    }
}
