import ArgumentParser
import Foundation
import Models
import Storage

struct ShowNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one note in full: its article, quote, text and tags.",
        discussion: "Examples:\n  folio note show 0193a4c7\n  folio note show 0193a4c7 --json")

    @Argument(help: "The note's id (its short id, or any unique prefix of the full id).", completion: Completions.noteIDs)
    var id: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let noteID = try store.resolveNoteID(id)
        let note = try store.note(id: noteID)
        let shortIDs = try store.shortIDs([noteID] + (note.articleID.map { [$0] } ?? []))
        if output.json {
            try printJSON(NoteOutput(note, shortID: shortIDs[noteID] ?? noteID))
            return
        }
        let terminal = Terminal()
        var text = terminal.style(shortIDs[noteID] ?? noteID, "33") + "  " + terminal.dim(ISODate.formatDay(note.createdAt))
        if !note.tags.isEmpty { text += "  " + terminal.style(note.tags.map { "#" + $0 }.joined(separator: " "), "36") }
        if note.isTrashed { text += "  " + terminal.dim("(in the trash)") }
        if note.hasConflict { text += "  " + Format.conflictFlag(terminal) }
        text += "\n"
        if let articleID = note.articleID, let article = try? store.article(id: articleID) {
            text += terminal.bold("On: ") + article.title + terminal.dim("  (" + (shortIDs[articleID] ?? articleID) + ")") + "\n"
        }
        if let quote = note.quote { text += terminal.dim(Format.wrap(quote, width: terminal.width, indent: "> ")) + "\n" }
        text += "\n" + Format.wrap(note.body, width: terminal.width) + "\n"
        if note.hasConflict {
            text += "\n" + terminal.dim("Edits from another device overlapped: `folio note resolve \(shortIDs[noteID] ?? noteID)` shows them.") + "\n"
        }
        DescriptorWriter.write(text, to: STDOUT_FILENO)
    }
}
