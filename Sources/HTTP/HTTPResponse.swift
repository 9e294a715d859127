import Foundation

/// An HTTP response: status, headers (names lowercased) and the decoded body.
package struct HTTPResponse: Sendable, Equatable {
    package var status: Int
    package var headers: [String: String]
    package var body: Data
    /// The URL that answered, after any redirects.
    package var url: String?

    package init(status: Int, headers: [String: String] = [:], body: Data = Data(), url: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }
}
