import Foundation
import Models
import Storage

/// An article as `list` prints it in JSON: every field but the text.
struct ArticleSummary: Encodable {
    var id: String
    var shortID: String
    var url: String?
    var title: String
    var byline: String?
    var site: String?
    var publishedAt: Date?
    var savedAt: Date
    var updatedAt: Date
    var excerpt: String
    var wordCount: Int
    var readingMinutes: Int
    var tags: [String]
    var state: Article.State
    var starred: Bool
    var progress: Double
    var contentStatus: Article.ContentStatus
    var trashedAt: Date?
    /// For a pending article, this device's failed fetches so far.
    var fetch: FetchAttempts?

    init(_ article: Article, shortID: String, fetch: FetchAttempts? = nil) {
        self.fetch = fetch
        id = article.id
        self.shortID = shortID
        url = article.url
        title = article.title
        byline = article.byline
        site = article.site
        publishedAt = article.publishedAt
        savedAt = article.savedAt
        updatedAt = article.updatedAt
        excerpt = article.excerpt
        wordCount = article.wordCount
        readingMinutes = article.readingMinutes
        tags = article.tags
        state = article.state
        starred = article.starred
        progress = article.progress
        contentStatus = article.contentStatus
        trashedAt = article.trashedAt
    }
}

/// A note as commands print it in JSON.
struct NoteOutput: Encodable {
    var id: String
    var shortID: String
    var articleID: String?
    var quote: String?
    var body: String
    var tags: [String]
    var createdAt: Date
    var updatedAt: Date
    var trashedAt: Date?
    /// Whether overlapping edits left bodies to choose from (`folio note resolve`).
    var conflict: Bool
    /// Those bodies, each with the versions (clock timestamps) it holds.
    var conflicts: [NoteConflict]

    init(_ note: Note, shortID: String) {
        id = note.id
        self.shortID = shortID
        articleID = note.articleID
        quote = note.quote
        body = note.body
        tags = note.tags
        createdAt = note.createdAt
        updatedAt = note.updatedAt
        trashedAt = note.trashedAt
        conflict = note.hasConflict
        conflicts = note.conflicts
    }
}

/// Text formatting shared by the commands.
enum Format {
    /// The mark of a note in conflict in lists (`folio note resolve` clears it).
    static func conflictFlag(_ terminal: Terminal) -> String {
        terminal.style("[conflict]", "1;31")
    }

    /// The date shown for an article: published, else saved.
    static func day(_ article: Article) -> String {
        ISODate.formatDay(article.publishedAt ?? article.savedAt)
    }

    /// One line of `folio list`: id, date, flags, title, tags.
    static func articleLine(_ article: Article, shortID: String, terminal: Terminal) -> String {
        var flags = ""
        flags += article.starred ? "*" : " "
        flags += article.state == .unread ? "•" : " "
        var line = "\(terminal.style(shortID, "33"))  \(day(article))  \(flags) \(terminal.bold(article.title))"
        if article.contentStatus == .pending { line += "  " + terminal.style("[pending]", "35") }
        if article.state == .archived { line += "  " + terminal.dim("[archived]") }
        if !article.tags.isEmpty { line += "  " + terminal.style(article.tags.map { "#" + $0 }.joined(separator: " "), "36") }
        return line
    }

    /// Wraps text to `width` columns, keeping paragraphs and breaking only at spaces.
    static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        let usable = max(20, width - indent.count)
        var lines: [String] = []
        for paragraph in text.components(separatedBy: "\n") {
            if paragraph.isEmpty {
                lines.append("")
                continue
            }
            var current = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count <= usable {
                    current += " " + word
                } else {
                    lines.append(indent + current)
                    current = String(word)
                }
            }
            lines.append(indent + current)
        }
        return lines.joined(separator: "\n")
    }
}
