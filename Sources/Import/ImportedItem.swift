import Extraction
import Foundation
import Models

/// One saved link from another tool's export, with what that export said about it: what an
/// importer reads from a row, before it meets the library.
package struct ImportedItem: Sendable, Hashable {
    /// The URL as saved (entities decoded).
    package var url: String
    /// The title; nil when the export gave none.
    package var title: String?
    /// Whether the title is a stand-in (the URL, or a title Pocket cut at 75 characters) that
    /// the page's own title replaces when the article is fetched.
    package var titleIsProvisional = false
    package var byline: String?
    /// When it was saved; nil when the export says nothing (the import time is used, and counted).
    package var savedAt: Date?
    package var publishedAt: Date?
    /// Tags as given (folders as `a/b` paths); normalized when saved.
    package var tags: [String] = []
    /// Archived or unread, when the export says.
    package var state: Article.State?
    package var starred = false
    /// Reading progress from 0 to 1, when given.
    package var progress: Double?
    /// The article's text as Markdown, when the export carries it (wallabag, Omnivore).
    package var content: String?
    package var highlights: [ImportedHighlight] = []
    /// Notes on the article as a whole (a bookmark's description, a Raindrop note).
    package var notes: [String] = []
    package var location: ImportLocation

    package init(url: String, title: String? = nil, location: ImportLocation) {
        self.url = url
        self.title = title
        self.location = location
    }

    /// Sets the title as the export gave it, entities decoded; a missing title, or one that is
    /// the URL, is a provisional stand-in.
    package mutating func setTitle(_ raw: String?) {
        let title = raw.map { $0.contains("&") ? HTMLEntities.decode($0) : $0 }?.trimmedImport
        if let title, !title.isEmpty, title != url {
            self.title = title
            titleIsProvisional = false
        } else {
            self.title = nil
            titleIsProvisional = true
        }
    }

    /// Merges a duplicate of the same page into this item: tags united, the earliest saved date,
    /// archived or starred if either says so, the furthest progress, notes and highlights once.
    package mutating func absorb(_ other: ImportedItem) {
        tags += other.tags.filter { !tags.contains($0) }
        if let date = other.savedAt, savedAt.map({ date < $0 }) ?? true { savedAt = date }
        if other.state == .archived || state == nil { state = other.state ?? state }
        starred = starred || other.starred
        if let value = other.progress { progress = max(progress ?? 0, value) }
        if title == nil || (titleIsProvisional && !other.titleIsProvisional && other.title != nil) {
            title = other.title
            titleIsProvisional = other.titleIsProvisional
        }
        byline = byline ?? other.byline
        publishedAt = publishedAt ?? other.publishedAt
        content = content ?? other.content
        addHighlights(other.highlights)
        notes += other.notes.filter { !notes.contains($0) }
    }

    /// Adds highlights this item does not have yet (the same quote and note).
    package mutating func addHighlights(_ new: [ImportedHighlight]) {
        for highlight in new where !highlights.contains(where: { $0.quote == highlight.quote && $0.note == highlight.note }) {
            highlights.append(highlight)
        }
    }
}
