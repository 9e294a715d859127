import Foundation

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
