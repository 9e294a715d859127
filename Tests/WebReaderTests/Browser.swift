import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A browser's side of a conversation with the reader in route tests: it keeps the session
/// cookie it was given and the CSRF token of the last page, as a real browser's forms would.
final class Browser {
    struct Page {
        var status: HTTPResponse.Status
        var html: String
        var headers: HTTPFields

        var location: String? { headers[.location] }
    }

    let client: any TestClientProtocol
    var cookie: String?
    var csrf: String?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if let cookie { headers[.cookie] = "folio_session=\(cookie)" }
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        return remember(response)
    }

    /// Posts a form with this page's CSRF token (or `token`; `.some(nil)` sends none).
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)] = [], token: String?? = .none, headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if let cookie { headers[.cookie] = "folio_session=\(cookie)" }
        headers[.contentType] = "application/x-www-form-urlencoded"
        var all = fields
        if let sent = token ?? csrf { all.append(("csrf", sent)) }
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        return remember(response)
    }

    /// Posts a `multipart/form-data` form, as a browser sends a form with a file input: the
    /// fields (with this page's CSRF token unless `token` says otherwise) and the files.
    @discardableResult
    func postMultipart(
        _ uri: String, _ fields: [(String, String)] = [], files: [(field: String, name: String, data: Data)], token: String?? = .none
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "folio_session=\(cookie)" }
        let boundary = "----FolioTestBoundary\(UInt64.random(in: 0...UInt64.max))"
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        var all = fields
        if let sent = token ?? csrf { all.append(("csrf", sent)) }
        var body = ByteBuffer()
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: body)
        return remember(response)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private func remember(_ response: TestResponse) -> Page {
        let page = Page(status: response.status, html: String(buffer: response.body), headers: response.headers)
        for header in response.headers[values: .setCookie] where header.hasPrefix("folio_session=") {
            let value = header.dropFirst("folio_session=".count).prefix { $0 != ";" }
            cookie = value.isEmpty ? nil : String(value)
        }
        if let range = page.html.range(of: "<meta name=\"csrf-token\" content=\"") {
            csrf = String(page.html[range.upperBound...].prefix { $0 != "\"" })
        }
        return page
    }
}
