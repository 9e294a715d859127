import Foundation
import Models

/// A set of field changes to one article. Only the fields that are set change; setting a field
/// to the value it already has records nothing.
package struct ArticleEdit: Sendable, Equatable {
    package var title: String?
    /// `.some(nil)` clears the URL.
    package var url: String??
    package var byline: String??
    package var site: String??
    package var publishedAt: Date??
    /// When the article was saved (an import that knows an earlier date moves it back).
    package var savedAt: Date?
    package var content: String?
    package var state: Article.State?
    package var starred: Bool?
    /// Reading progress, from 0 to 1. It only goes up: progress merges as the maximum across
    /// devices, so a lower value than the article's leaves it as it is.
    package var progress: Double?
    package var contentStatus: Article.ContentStatus?
    package var addTags: [String] = []
    package var removeTags: [String] = []

    package init() {}

    /// Whether the edit changes nothing at all.
    package var isEmpty: Bool { self == ArticleEdit() }
}

/// A set of field changes to one note.
package struct NoteEdit: Sendable, Equatable {
    package var body: String?
    /// `.some(nil)` clears the quote.
    package var quote: String??
    package var addTags: [String] = []
    package var removeTags: [String] = []

    package init() {}
}
