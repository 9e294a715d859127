import Foundation

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
