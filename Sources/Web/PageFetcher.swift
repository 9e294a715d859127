import Foundation
import HTTP

/// Downloads web pages over libcurl (the sync engine's transport): redirects (at most 10),
/// compressed answers, a browser-like user agent, connect and total timeouts, a size cap.
package struct PageFetcher: Sendable {
    /// Pages larger than this are refused.
    package static let sizeLimit = 10 << 20
    let transport: CurlTransport

    /// A fetcher with Folio's defaults; `timeout` bounds a whole fetch, in seconds.
    package init(timeout: Int = 30, caBundlePath: String? = nil) throws(FetchError) {
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
    package func fetch(_ url: String) async throws(FetchError) -> FetchedPage {
        let headers = ["Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.5"]
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(url: url, headers: headers))
        } catch {
            switch error {
            case .tooLarge: throw .tooLarge(url: url, limit: Self.sizeLimit)
            case .invalidURL: throw .invalid(url: url, reason: "not an http or https URL")
            case .failed(_, let reason): throw .invalid(url: url, reason: reason)
            case .cannotConnect, .hostNotFound, .timedOut, .tls, .cancelled: throw .transport(error)
            }
        }
        guard (200..<300).contains(response.status) else { throw .http(url: url, status: response.status) }
        return FetchedPage(url: response.url ?? url, contentType: response.headers["content-type"], body: response.body)
    }
}
