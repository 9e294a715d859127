import Foundation

/// An HTTP request as the sync engine sends it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    /// Header names as written; sent in name order.
    public var headers: [String: String]
    public var body: Data?

    public init(method: String = "GET", url: String, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response: status, headers (names lowercased) and the decoded body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// The URL that answered, after any redirects.
    public var url: String?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), url: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }
}

/// Bytes a transport has moved, as HTTP sees them: request and response headers plus bodies
/// as they travelled (compressed when they were), TLS and TCP framing aside.
public struct TrafficCounts: Sendable, Equatable, Codable {
    public var sent = 0
    public var received = 0

    public init(sent: Int = 0, received: Int = 0) {
        self.sent = sent
        self.received = received
    }
}

/// Why a request got no HTTP answer, in words for the user.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case cannotConnect(url: String, reason: String)
    case timedOut(url: String)
    case tls(url: String, reason: String)
    case tooLarge(url: String)
    case cancelled
    case failed(url: String, reason: String)

    /// The same failure, naming `url` (a server's base URL) instead of the request's.
    public func naming(_ url: String) -> TransportError {
        switch self {
        case .invalidURL, .cancelled: return self
        case .cannotConnect(_, let reason): return .cannotConnect(url: url, reason: reason)
        case .timedOut: return .timedOut(url: url)
        case .tls(_, let reason): return .tls(url: url, reason: reason)
        case .tooLarge: return .tooLarge(url: url)
        case .failed(_, let reason): return .failed(url: url, reason: reason)
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url): return "\(url) is not a URL folio can reach (http or https)"
        case .cannotConnect(let url, let reason): return "cannot reach \(url): \(reason)"
        case .timedOut(let url): return "\(url) did not answer in time"
        case .tls(let url, let reason): return "secure connection to \(url) failed: \(reason)"
        case .tooLarge(let url): return "the answer from \(url) is larger than folio accepts"
        case .cancelled: return "the request was cancelled"
        case .failed(let url, let reason): return "request to \(url) failed: \(reason)"
        }
    }

    /// Whether trying again later may work (the server was unreachable or slow).
    public var isTransient: Bool {
        switch self {
        case .cannotConnect, .timedOut: return true
        default: return false
        }
    }
}
