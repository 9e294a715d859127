import ArgumentParser
import Foundation
import Models
import Storage

/// `folio note`: notes on articles, and standalone notes.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Write, list, edit and remove notes.",
        subcommands: [
            AddNote.self, ListNotes.self, ShowNote.self, EditNote.self, RemoveNote.self, NoteHistory.self, ResolveNote.self,
        ])
}
