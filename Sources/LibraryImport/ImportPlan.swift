import Foundation
import Import
import Models
import Storage

/// The store's entries for an import batch: articles with their notes, dates filled in, the
/// extra tags added. Pure: the batch and the time in, the entries out, made one at a time as
/// the store takes them (a large import holds its rows once, not twice).
package struct ImportPlan: Sendable {
    package let items: [ImportedItem]
    package let now: Date
    package let extraTags: [String]
    /// Highlights no article of the batch has the title of: standalone notes.
    package let standalone: [Note]
    /// Items the export gave no saved date (they get the import time).
    package let withoutDate: Int

    package init(_ batch: ImportBatch, now: Date, extraTags: [String]) {
        items = batch.items
        self.now = now
        self.extraTags = extraTags
        withoutDate = batch.items.reduce(0) { $0 + ($1.savedAt == nil ? 1 : 0) }
        standalone = batch.looseHighlights.map { loose in
            Note(
                quote: loose.highlight.quote, body: loose.standaloneBody, tags: loose.highlight.tags + extraTags,
                createdAt: loose.highlight.createdAt ?? now)
        }
    }

    /// The entries, made as they are read.
    package var entries: LazyMapSequence<[ImportedItem], ImportEntry> { items.lazy.map(entry) }

    package var isEmpty: Bool { items.isEmpty && standalone.isEmpty }

    /// The entry of one item: the article as it is added when new, and its notes.
    package func entry(_ item: ImportedItem) -> ImportEntry {
        let saved = item.savedAt ?? now
        let content = item.content
        var article = Article(
            id: EntityID.make(at: now), url: item.url, title: item.title ?? item.url, byline: item.byline,
            publishedAt: item.publishedAt, savedAt: saved, content: content ?? "", tags: item.tags + extraTags,
            state: item.state ?? .unread, starred: item.starred, progress: item.progress ?? 0,
            contentStatus: content == nil ? .pending : .ready)
        article.updatedAt = now < saved ? saved : now
        var notes: [Note] = []
        for highlight in item.highlights {
            let quote = highlight.quote.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            notes.append(Note(quote: quote, body: highlight.note, tags: highlight.tags + extraTags, createdAt: highlight.createdAt ?? saved))
        }
        for text in item.notes where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            notes.append(Note(body: text, tags: extraTags, createdAt: saved))
        }
        return ImportEntry(article: article, notes: notes, titleIsProvisional: item.titleIsProvisional || item.title == nil)
    }
}
