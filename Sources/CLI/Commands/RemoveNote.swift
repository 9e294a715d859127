import ArgumentParser
import Foundation
import Models
import Storage

struct RemoveNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Move a note to the trash.",
        discussion: "Example:\n  folio note rm 0193a4c7")

    @Argument(help: "The note's id (its short id, or any unique prefix of the full id).", completion: Completions.noteIDs)
    var id: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open()
        let noteID = try store.resolveNoteID(id)
        try store.trash(noteID: noteID)
        output.say("Moved note \(try store.shortIDs([noteID])[noteID] ?? noteID) to the trash")
    }
}
