import Foundation

/// Why a request got no HTTP answer, in words for the user.
package enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case cannotConnect(url: String, reason: String)
    /// The host's name does not exist: the DNS answered that there is no such name (not
    /// that it could not be asked, which is `cannotConnect`).
    case hostNotFound(url: String, host: String)
    case timedOut(url: String)
    case tls(url: String, reason: String)
    case tooLarge(url: String)
    case cancelled
    case failed(url: String, reason: String)

    /// The same failure, naming `url` (a server's base URL) instead of the request's.
    package func naming(_ url: String) -> TransportError {
        switch self {
        case .invalidURL, .cancelled: return self
        case .cannotConnect(_, let reason): return .cannotConnect(url: url, reason: reason)
        case .hostNotFound(_, let host): return .hostNotFound(url: url, host: host)
        case .timedOut: return .timedOut(url: url)
        case .tls(_, let reason): return .tls(url: url, reason: reason)
        case .tooLarge: return .tooLarge(url: url)
        case .failed(_, let reason): return .failed(url: url, reason: reason)
        }
    }

    package var description: String {
        switch self {
        case .invalidURL(let url): return "\(url) is not a URL folio can reach (http or https)"
        case .cannotConnect(let url, let reason): return "cannot reach \(url): \(reason)"
        case .hostNotFound(let url, let host): return "cannot reach \(url): there is no host named \(host)"
        case .timedOut(let url): return "\(url) did not answer in time"
        case .tls(let url, let reason): return "secure connection to \(url) failed: \(reason)"
        case .tooLarge(let url): return "the answer from \(url) is larger than folio accepts"
        case .cancelled: return "the request was cancelled"
        case .failed(let url, let reason): return "request to \(url) failed: \(reason)"
        }
    }
}
