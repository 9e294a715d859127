import Foundation

/// A page as the web served it.
package struct FetchedPage: Sendable, Equatable {
    /// The URL that answered, after redirects.
    package var url: String
    /// The `Content-Type` header, when there was one.
    package var contentType: String?
    package var body: Data

    package init(url: String, contentType: String?, body: Data) {
        self.url = url
        self.contentType = contentType
        self.body = body
    }

    /// The media type alone, lowercased (`text/html` for `text/html; charset=utf-8`).
    package var mediaType: String? {
        contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
