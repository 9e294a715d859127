import ArgumentParser
import Foundation
import Models
import Storage

/// `folio trash`: list what is in the trash.
struct Trash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash",
        abstract: "List the articles and notes in the trash.",
        discussion: "Example:\n  folio trash --json")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        var filter = ArticleFilter()
        filter.trashed = true
        let articles = try store.articles(matching: filter)
        let notes = try store.notes(trashed: true)
        let shortIDs = try store.shortIDs(articles.map(\.id) + notes.map(\.id))
        if output.json {
            try printJSON(
                TrashListing(
                    articles: articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id) },
                    notes: notes.map { NoteOutput($0, shortID: shortIDs[$0.id] ?? $0.id) }))
            return
        }
        let terminal = Terminal()
        let width = terminal.stdoutIsTTY ? terminal.width : nil
        let idWidth = shortIDs.values.map(DisplayWidth.of).max() ?? 4
        for article in articles {
            printOut(
                Format.articleLine(
                    article, shortID: shortIDs[article.id] ?? article.id, idWidth: idWidth, date: article.savedAt, width: width,
                    terminal: terminal))
        }
        for note in notes {
            let id = DisplayWidth.pad(shortIDs[note.id] ?? note.id, to: idWidth)
            let body = DisplayWidth.oneLine(note.body)
            printOut(
                "\(terminal.style(id, "33"))  \(ISODate.formatDay(note.createdAt))  note: "
                    + DisplayWidth.truncate(body, to: (width ?? 80) - idWidth - 20))
        }
        if articles.isEmpty && notes.isEmpty { printError("the trash is empty") }
    }
}
