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
    /// For a note with a quote shown with its article: whether the quote is in the article's
    /// text (an imported highlight may not be, until the article is fetched, or ever).
    var quoteFound: Bool?
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

    /// One line of `folio list`: id (padded to `idWidth`), date, flags, title, marks and tags,
    /// on one line (line breaks in the title shown as spaces). With a `width`, the title and
    /// then the tags are cut with `…` so that the line fits.
    static func articleLine(
        _ article: Article, shortID: String, idWidth: Int = 0, date: Date? = nil, width: Int? = nil, terminal: Terminal
    ) -> String {
        let flags = (article.starred ? "*" : " ") + (article.state == .unread ? "•" : " ")
        let day = ISODate.formatDay(date ?? article.publishedAt ?? article.savedAt)
        let prefix = "\(terminal.style(DisplayWidth.pad(shortID, to: idWidth), "33"))  \(day)  \(flags) "
        let prefixWidth = max(idWidth, DisplayWidth.of(shortID)) + 2 + DisplayWidth.of(day) + 2 + 3
        var marks: [(text: String, style: String)] = []
        if article.contentStatus == .pending { marks.append(("[pending]", "35")) }
        if article.state == .archived { marks.append(("[archived]", "2")) }
        marks += article.tags.map { ("#" + $0, "36") }
        var title = DisplayWidth.oneLine(article.title)
        var suffix = marks.map(\.text).joined(separator: " ")
        if let width {
            let available = max(8, width - prefixWidth)
            let suffixWidth = suffix.isEmpty ? 0 : 2 + DisplayWidth.of(suffix)
            if DisplayWidth.of(title) + suffixWidth > available {
                // The title gets at least two thirds; the marks and tags what is left, if enough.
                let suffixBudget = min(suffixWidth, available / 3)
                title = DisplayWidth.truncate(title, to: available - (suffixBudget >= 8 ? suffixBudget : 0))
                let left = available - DisplayWidth.of(title) - 2
                suffix = left >= 6 ? DisplayWidth.truncate(suffix, to: left) : ""
            }
        }
        var line = prefix + terminal.bold(title)
        if !suffix.isEmpty {
            // Style each mark as far as the (possibly cut) suffix still holds it.
            var styled: [String] = []
            var rest = Substring(suffix)
            for mark in marks where !rest.isEmpty {
                let piece = rest.hasPrefix(mark.text) ? mark.text : String(rest.prefix(while: { $0 != " " }))
                styled.append(terminal.style(piece, mark.style))
                rest = rest.dropFirst(piece.count).drop(while: { $0 == " " })
            }
            line += "  " + styled.joined(separator: " ")
        }
        return line
    }

    /// Wraps text to `width` columns, keeping paragraphs and breaking only at spaces.
    ///
    /// Made on UTF-8 bytes (a space and a line break are whole scalars; only a word that is not
    /// printable ASCII is measured as characters): wrapping by characters was a tenth of a
    /// search's instructions.
    static func wrap(_ text: String, width: Int, indent: String = "") -> String {
        let usable = max(20, width - DisplayWidth.of(indent))
        let indentBytes = Array(indent.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2 * indentBytes.count + 16)
        for (index, paragraph) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output.append(UInt8(ascii: "\n")) }
            if paragraph.isEmpty { continue }
            output += indentBytes
            // The line's width is kept as words are added (measuring the whole line again at
            // every word made a long paragraph quadratic).
            var lineWidth = 0
            var hasWords = false
            for word in paragraph.split(separator: UInt8(ascii: " ")) {
                let wordWidth = DisplayWidth.of(utf8: word)
                if !hasWords {
                    hasWords = true
                    lineWidth = wordWidth
                } else if lineWidth + 1 + wordWidth <= usable {
                    output.append(UInt8(ascii: " "))
                    lineWidth += 1 + wordWidth
                } else {
                    output.append(UInt8(ascii: "\n"))
                    output += indentBytes
                    lineWidth = wordWidth
                }
                output += word
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
