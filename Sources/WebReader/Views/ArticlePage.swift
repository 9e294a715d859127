import Foundation
import Models

/// The reader page's model: the article rendered, its state and actions, its notes.
struct ArticlePage {
    var chrome: Chrome
    var id: String
    var title: String
    var byline: String?
    var site: String?
    var url: String?
    var date: String
    var minutes: Int?
    var progress: Int?
    var progressValue: String
    var tags: [String]
    var starred: Bool
    var archived: Bool
    var trashed: Bool
    var pending: Bool
    var starAction: String
    var starLabel: String
    var archiveAction: String
    var archiveLabel: String
    var trashAction: String
    var trashLabel: String
    var contentHTML: String
    var notes: [NoteView]
    var noteCount: Int
    var missing: [NoteView]
    var hasMissing: Bool

    init(chrome: Chrome, article: Article, notes: [Note]) {
        self.chrome = chrome
        id = article.id
        title = article.title
        byline = article.byline
        site = article.site
        url = article.url.flatMap(SafeURL.link)
        date = ISODate.formatDay(article.publishedAt ?? article.savedAt)
        minutes = article.readingMinutes > 0 ? article.readingMinutes : nil
        progress = ArticleRow.percent(article.progress)
        progressValue = String(format: "%.2f", article.progress)
        tags = article.tags
        starred = article.starred
        archived = article.state == .archived
        trashed = article.isTrashed
        pending = article.contentStatus == .pending
        starAction = starred ? "unstar" : "star"
        starLabel = starred ? "Unstar" : "Star"
        archiveAction = archived ? "unarchive" : "archive"
        archiveLabel = archived ? "Unarchive" : "Archive"
        trashAction = trashed ? "restore" : "trash"
        trashLabel = trashed ? "Restore" : "Move to trash"
        let quotes = notes.compactMap { note in note.quote.map { QuoteHighlighter.Quote(noteID: note.id, text: $0) } }
        let rendered = QuoteHighlighter.highlight(MarkdownRenderer.pieces(article.content), quotes: quotes)
        contentHTML = rendered.html
        let missingIDs = Set(rendered.notFound)
        self.notes = notes.filter { !missingIDs.contains($0.id) }.map { NoteView($0) }
        missing = notes.filter { missingIDs.contains($0.id) }.map { NoteView($0) }
        noteCount = notes.count
        hasMissing = !missing.isEmpty
    }
}
