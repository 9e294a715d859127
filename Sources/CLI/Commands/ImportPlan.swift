import Foundation
import Import
import Models
import Storage

/// The store's entries for an import batch: articles with their notes, dates filled in, the
/// extra tags added. Pure: the batch and the time in, the entries out.
struct ImportPlan {
    var entries: [ImportEntry] = []
    /// Highlights no article of the batch has the title of: standalone notes.
    var standalone: [Note] = []
    /// Items the export gave no saved date (they get the import time).
    var withoutDate = 0

    init(_ batch: ImportBatch, now: Date, extraTags: [String]) {
        entries.reserveCapacity(batch.items.count)
        for item in batch.items {
            if item.savedAt == nil { withoutDate += 1 }
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
                notes.append(
                    Note(quote: quote, body: highlight.note, tags: highlight.tags + extraTags, createdAt: highlight.createdAt ?? saved))
            }
            for text in item.notes where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                notes.append(Note(body: text, tags: extraTags, createdAt: saved))
            }
            entries.append(ImportEntry(article: article, notes: notes, titleIsProvisional: item.titleIsProvisional || item.title == nil))
        }
        for loose in batch.looseHighlights {
            standalone.append(
                Note(
                    quote: loose.highlight.quote, body: loose.standaloneBody, tags: loose.highlight.tags + extraTags,
                    createdAt: loose.highlight.createdAt ?? now))
        }
    }
}
