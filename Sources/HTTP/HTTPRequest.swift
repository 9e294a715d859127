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
