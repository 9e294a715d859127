import Foundation

/// An HTTP request as the sync engine sends it.
package struct HTTPRequest: Sendable, Equatable {
    package var method: String
    package var url: String
    /// Header names as written; sent in name order.
    package var headers: [String: String]
    package var body: Data?

    package init(method: String = "GET", url: String, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
