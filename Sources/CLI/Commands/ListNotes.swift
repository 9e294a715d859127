import ArgumentParser
import Foundation
import Models
import Storage

struct ListNotes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notes: all of them, or those of one article.",
        discussion: """
            A note whose body is in conflict (edits on two devices overlapped) is marked \
            [conflict]; `folio note resolve ID` ends it.

            Examples:
              folio note list
              folio note list 0193a4b2 --json
              folio note list --conflicts
            """,
        aliases: ["ls"])

    @Argument(help: "Only the notes of this article (any unique id prefix).", completion: Completions.articleIDs)
    var articleID: String?

    @Option(help: "At most this many notes.")
    var limit: Int?

    @Flag(help: "Only notes in conflict.")
    var conflicts = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let resolved = try articleID.map { try store.resolveArticleID($0) }
        let notes = try store.notes(articleID: resolved, conflicted: conflicts, limit: limit)
        let shortIDs = try store.shortIDs(notes.map(\.id) + notes.compactMap(\.articleID))
        if output.json {
            try printJSON(notes.map { NoteOutput($0, shortID: shortIDs[$0.id] ?? $0.id) })
            return
        }
        let terminal = Terminal()
        for note in notes {
            var line = "\(terminal.style(shortIDs[note.id] ?? note.id, "33"))  \(ISODate.formatDay(note.createdAt))  "
            line += note.articleID.map { "on " + (shortIDs[$0] ?? $0) } ?? "standalone"
            if !note.tags.isEmpty { line += "  " + terminal.style(note.tags.map { "#" + $0 }.joined(separator: " "), "36") }
            if note.hasConflict { line += "  " + Format.conflictFlag(terminal) }
            printOut(line)
            if let quote = note.quote { printOut(terminal.dim("  > " + TextStatistics.shorten(quote, to: 100))) }
            printOut("  " + TextStatistics.shorten(note.body.replacingOccurrences(of: "\n", with: " "), to: 100))
        }
    }
}
