import Foundation

/// When to try a request again, and how long to wait: exponential backoff with full jitter,
/// and the server's `Retry-After` when it gives one. Pure, so it is tested without sockets.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    package var maximumAttempts: Int
    /// The backoff before the first retry (before jitter).
    package var baseDelay: Double
    /// No wait is ever longer, `Retry-After` included.
    package var maximumDelay: Double

    package init(maximumAttempts: Int = 5, baseDelay: Double = 0.25, maximumDelay: Double = 30) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Statuses worth retrying: the server is busy or failed for now. The one rule of what
    /// may work later, for sync requests and page fetches alike.
    package static func isTransient(status: Int) -> Bool {
        [408, 429, 500, 502, 503, 504].contains(status)
    }

    /// Transport failures worth retrying: the server was unreachable or slow. A name the DNS
    /// says does not exist counts too: a resolver behind a captive portal or a VPN coming up
    /// says so for a while (`folio fetch` gives up on such a URL only after several runs).
    package static func isTransient(_ error: TransportError) -> Bool {
        switch error {
        case .cannotConnect, .hostNotFound, .timedOut: return true
        case .invalidURL, .tls, .tooLarge, .cancelled, .failed: return false
        }
    }

    /// The wait in seconds before retry number `retry` (1 for the first retry): the server's
    /// `Retry-After` when given, else a random wait up to `baseDelay * 2^(retry-1)`.
    package func delay<Random: RandomNumberGenerator>(beforeRetry retry: Int, retryAfter: Double?, using random: inout Random) -> Double {
        if let retryAfter { return min(max(0, retryAfter), maximumDelay) }
        let ceiling = min(maximumDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return Double.random(in: 0...ceiling, using: &random)
    }

    /// Reads a `Retry-After` header: seconds, or an HTTP date (RFC 9110) relative to `now`.
    package static func retryAfterSeconds(_ header: String?, now: Date = Date()) -> Double? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
