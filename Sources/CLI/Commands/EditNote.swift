import ArgumentParser
import Foundation
import Models
import Storage

struct EditNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a note's text in $EDITOR (or set it with --text).",
        discussion: "Examples:\n  folio note edit 0193a4c7\n  folio note edit 0193a4c7 --text \"Revised thought\"")

    @Argument(help: "The note's id (its short id, or any unique prefix of the full id).", completion: Completions.noteIDs)
    var id: String

    @Option(help: "The new text, instead of opening $EDITOR (- reads standard input).")
    var text: String?

    @Option(help: "A new quoted passage (empty to clear).")
    var quote: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open()
        let noteID = try store.resolveNoteID(id)
        let note = try store.note(id: noteID)
        var edit = NoteEdit()
        if let quote { edit.quote = .some(quote.isEmpty ? nil : quote) }
        if let text {
            edit.body = text == "-" ? String(decoding: try readInput("-").data, as: UTF8.self) : text
        } else if quote == nil {
            edit.body = try Terminal().edit(note.body)
        }
        if let body = edit.body {
            edit.body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if edit.body?.isEmpty == true { throw CLIError.invalidInput("the note would be empty; use `folio note rm` to remove it") }
        }
        let updated = try store.edit(noteID: noteID, edit)
        let shortID = try store.shortIDs([noteID])[noteID] ?? noteID
        if output.json {
            try printJSON(NoteOutput(updated, shortID: shortID))
        } else {
            output.say(updated == note ? "Note \(shortID) unchanged" : "Updated note \(shortID)")
        }
        if updated.hasConflict {
            printError("folio: note \(shortID) is still in conflict; `folio note resolve \(shortID)` shows the other side")
        }
    }
}
