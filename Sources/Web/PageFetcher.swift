import Foundation
import Sync

/// A page as the web served it.
public struct FetchedPage: Sendable, Equatable {
    /// The URL that answered, after redirects.
    public var url: String
    /// The `Content-Type` header, when there was one.
    public var contentType: String?
    public var body: Data

    public init(url: String, contentType: String?, body: Data) {
        self.url = url
        self.contentType = contentType
        self.body = body
    }

    /// The media type alone, lowercased (`text/html` for `text/html; charset=utf-8`).
    public var mediaType: String? {
        contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}

/// Why a page could not be saved, in words for the user.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer: DNS, refused connection, network down, cut connection.
    case unreachable(url: String, reason: String)
    case timedOut(url: String)
    case tls(url: String, reason: String)
    /// An HTTP error status.
    case http(url: String, status: Int)
    case tooLarge(url: String, limit: Int)
    /// A PDF, an image or another type that is not an article.
    case unsupported(url: String, mediaType: String)
    case invalid(url: String, reason: String)
    /// The page came, but holds no readable article.
    case unreadable(url: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason): return "cannot reach \(url): \(reason)"
        case .timedOut(let url): return "\(url) did not answer in time"
        case .tls(let url, let reason): return "secure connection to \(url) failed: \(reason)"
        case .http(let url, let status):
            let meaning: String
            switch status {
            case 404: meaning = "not found"
            case 410: meaning = "gone"
            case 401, 403: meaning = "access refused (save the page from the browser and add the file)"
            case 429: meaning = "too many requests"
            case 500...599: meaning = "server error"
            default: meaning = "HTTP error"
            }
            return "\(url) answered \(status): \(meaning)"
        case .tooLarge(let url, let limit): return "\(url) is larger than \(limit / 1_048_576) MB"
        case .unsupported(let url, let mediaType):
            return "\(url) is \(mediaType), not an article; folio saves web pages, text and Markdown"
        case .invalid(let url, let reason): return "cannot fetch \(url): \(reason)"
        case .unreadable(let url, let reason): return "\(url): \(reason)"
        }
    }

    /// Whether trying again later may work: no connection, a timeout, a server error or
    /// "too many requests". Such URLs stay in the queue; others will not get better.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .timedOut: return true
        case .http(_, let status): return status == 408 || status == 429 || (500...599).contains(status)
        default: return false
        }
    }
}

/// Downloads web pages over libcurl (the sync engine's transport): redirects (at most 10),
/// compressed answers, a browser-like user agent, connect and total timeouts, a size cap.
public struct PageFetcher: Sendable {
    /// Pages larger than this are refused.
    public static let sizeLimit = 10 << 20
    let transport: CurlTransport

    /// A fetcher with Folio's defaults; `timeout` bounds a whole fetch, in seconds.
    public init(timeout: Int = 30, caBundlePath: String? = nil) throws(FetchError) {
        let configuration = TransportConfiguration(
            connectTimeout: min(10, timeout), lowSpeedBytes: 1, lowSpeedSeconds: timeout, maximumResponseBytes: Self.sizeLimit,
            caBundlePath: caBundlePath, userAgent: "Mozilla/5.0 (X11; Linux x86_64) folio/0.1 (read-it-later)",
            maximumRedirects: 10, totalTimeout: timeout)
        do {
            transport = try CurlTransport(configuration: configuration)
        } catch {
            throw .invalid(url: "", reason: error.description)
        }
    }

    /// Fetches `url`. An HTTP error status is a `FetchError.http`.
    public func fetch(_ url: String) async throws(FetchError) -> FetchedPage {
        let headers = ["Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.5"]
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(url: url, headers: headers))
        } catch {
            switch error {
            case .cannotConnect(_, let reason): throw .unreachable(url: url, reason: reason)
            case .timedOut: throw .timedOut(url: url)
            case .tls(_, let reason): throw .tls(url: url, reason: reason)
            case .tooLarge: throw .tooLarge(url: url, limit: Self.sizeLimit)
            case .invalidURL: throw .invalid(url: url, reason: "not an http or https URL")
            case .cancelled: throw .unreachable(url: url, reason: "cancelled")
            case .failed(_, let reason): throw .invalid(url: url, reason: reason)
            }
        }
        guard (200..<300).contains(response.status) else { throw .http(url: url, status: response.status) }
        return FetchedPage(url: response.url ?? url, contentType: response.headers["content-type"], body: response.body)
    }
}
