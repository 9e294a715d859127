import Foundation
import Models

/// One article an import brings, with what the export said of it: added as a new article, or
/// merged into the article already saved under the same normalized URL.
package struct ImportEntry: Sendable, Equatable {
    /// The article as it is added when the library has none for its URL.
    package var article: Article
    /// Notes on it (highlights with their quotes, descriptions); their `articleID` is set when saved.
    package var notes: [Note]
    /// Whether the title is a stand-in the fetched page's title replaces.
    package var titleIsProvisional: Bool
    /// Whether the export said the article was read (archived): merged, it archives the saved one.
    package var archived: Bool

    package init(article: Article, notes: [Note] = [], titleIsProvisional: Bool = false) {
        self.article = article
        self.notes = notes
        self.titleIsProvisional = titleIsProvisional
        archived = article.state == .archived
    }
}
