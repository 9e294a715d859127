import ArgumentParser
import Foundation
import Models
import Storage

/// `folio show`: one article with its notes.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an article and its notes.",
        discussion: """
            The text is wrapped to the terminal and shown through $PAGER (default `less -FRX`) \
            when standard output is a terminal.

            Examples:
              folio show 0193a4b2
              folio show 0193a4b2 --no-pager | grep Helsinki
            """)

    @Argument(help: "The article's id (its short id, or any unique prefix of the full id).", completion: Completions.articleIDs)
    var id: String

    @Flag(help: "Print directly, without $PAGER.")
    var noPager = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let articleID: String
        do {
            articleID = try store.resolveArticleID(id)
        } catch {
            // A note's id, typed where an article's is expected: say which command shows it.
            if case .notFound = error, (try? store.resolveNoteID(id)) != nil {
                throw CLIError.usage("\(id) is a note, not an article: show it with `folio note show \(id)`")
            }
            throw error
        }
        let article = try store.article(id: articleID)
        let notes = try store.notes(articleID: articleID)
        let shortIDs = try store.shortIDs([articleID] + notes.map(\.id))
        if output.json {
            try printJSON(
                ShownArticle(
                    article: article, shortID: shortIDs[articleID] ?? articleID,
                    notes: notes.map { note in
                        var output = NoteOutput(note, shortID: shortIDs[note.id] ?? note.id)
                        output.quoteFound = note.quote.map { Store.text(article.content, contains: $0) }
                        return output
                    }))
            return
        }
        let terminal = Terminal()
        let width = min(terminal.width, 100)
        var text = terminal.bold(article.title) + "\n"
        let meta = [article.byline, article.site, Format.day(article), article.readingMinutes > 0 ? "\(article.readingMinutes) min" : nil]
            .compactMap { $0 }.joined(separator: " · ")
        text += terminal.dim(meta) + "\n"
        if let url = article.url { text += terminal.dim(url) + "\n" }
        var status = ["id \(shortIDs[articleID] ?? articleID)", article.state.rawValue]
        if article.starred { status.append("starred") }
        if article.contentStatus == .pending { status.append("pending") }
        if article.isTrashed { status.append("in the trash") }
        if article.progress > 0 { status.append("read \(Int((article.progress * 100).rounded()))%") }
        if !article.tags.isEmpty { status.append(article.tags.map { "#" + $0 }.joined(separator: " ")) }
        text += terminal.dim(status.joined(separator: " · ")) + "\n\n"
        if article.contentStatus == .pending && article.content.isEmpty {
            text += "(not fetched yet)\n"
        }
        for block in article.content.components(separatedBy: "\n\n") where !block.isEmpty {
            if block.hasPrefix("#") {
                text += terminal.bold(block.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)) + "\n\n"
            } else {
                text += Format.wrap(block.trimmingCharacters(in: .newlines), width: width) + "\n\n"
            }
        }
        if !notes.isEmpty {
            text += terminal.bold("Notes (\(notes.count))") + "\n\n"
            for note in notes {
                text += terminal.style(shortIDs[note.id] ?? note.id, "33") + "  " + terminal.dim(ISODate.formatDay(note.createdAt))
                if !note.tags.isEmpty { text += "  " + terminal.style(note.tags.map { "#" + $0 }.joined(separator: " "), "36") }
                if note.hasConflict { text += "  " + Format.conflictFlag(terminal) }
                text += "\n"
                if let quote = note.quote {
                    text += terminal.dim(Format.wrap(quote, width: width, indent: "  > ")) + "\n"
                    if !Store.text(article.content, contains: quote) { text += terminal.dim("  (this quote is not in the article's text)") + "\n" }
                }
                text += Format.wrap(note.body, width: width, indent: "  ") + "\n\n"
            }
        }
        terminal.page(text, enabled: !noPager)
    }
}
