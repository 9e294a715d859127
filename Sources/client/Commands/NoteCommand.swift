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

struct AddNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a note to an article, or a standalone note.",
        discussion: """
            The text comes from the arguments, else from standard input when it is not a \
            terminal, else from $EDITOR. A --quote must be a passage of the article.

            Examples:
              folio note add 0193a4b2 "Putin's aims, per AP's experts"
              folio note add 0193a4b2 --quote "Echoes of Helsinki" "Compare with 2018"
              echo "Ideas for the essay" | folio note add --standalone
            """)

    @Argument(
        help: "The article's id (its short id, or any unique prefix of the full id), then the note's text. With --standalone, only the text.",
        completion: Completions.articleIDs)
    var arguments: [String] = []

    @Flag(help: "A note that belongs to no article.")
    var standalone = false

    @Option(help: "A passage of the article the note is about.")
    var quote: String?

    @Option(name: .customLong("tag"), help: "A tag (repeat for several).")
    var tags: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !standalone && arguments.isEmpty {
            throw ValidationError("give the article's id, or --standalone for a note on no article")
        }
        if standalone && quote != nil {
            throw ValidationError("--quote needs an article: a standalone note quotes nothing")
        }
    }

    func run() throws {
        let store = try Library.open()
        var words = arguments
        var articleID: String?
        if !standalone {
            articleID = try store.resolveArticleID(words.removeFirst())
        }
        var text = words.joined(separator: " ")
        let terminal = Terminal()
        if text.isEmpty {
            if !terminal.stdinIsTTY {
                let input = try readInput("-")
                text = String(decoding: input.data, as: UTF8.self)
            } else {
                text = try terminal.edit("")
            }
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty || quote != nil else { throw CLIError.invalidInput("the note is empty: nothing was saved") }
        if let quote, quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CLIError.invalidInput("--quote is empty")
        }
        let note = Note(articleID: articleID, quote: quote?.trimmingCharacters(in: .whitespacesAndNewlines), body: text, tags: tags)
        try store.add(note)
        let shortID = try store.shortIDs([note.id])[note.id] ?? note.id
        if output.json {
            try printJSON(NoteOutput(note, shortID: shortID))
        } else {
            output.say("Saved note \(shortID)")
        }
    }
}

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
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

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

/// What `folio note history --json` prints for one version.
struct NoteVersionOutput: Encodable {
    var date: Date
    var device: String
    /// The name the device logged in with, when the sync server has given it.
    var deviceName: String?
    var body: String
    var current: Bool
}

struct NoteHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the bodies a note has had, from every device, oldest first.",
        discussion: "Examples:\n  folio note history 0193a4b2\n  folio note history 0193a4b2 --json")

    @Argument(help: "The note's id (its short id, or any unique prefix of the full id).", completion: Completions.noteIDs)
    var noteID: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let id = try store.resolveNoteID(noteID)
        let current = try store.note(id: id).body
        let versions = try store.noteHistory(id: id)
        let devices = try DeviceLabels(store)
        let lastCurrent = versions.lastIndex { $0.text == current }
        let outputs = versions.enumerated().map { index, version in
            NoteVersionOutput(
                date: version.timestamp.date, device: version.timestamp.deviceID, deviceName: devices.name(version.timestamp.deviceID),
                body: version.text, current: index == lastCurrent)
        }
        if output.json {
            try printJSON(outputs)
            return
        }
        let terminal = Terminal()
        for version in outputs {
            let device = devices.label(version.device)
            printOut(terminal.bold("\(ISODate.format(version.date))  \(device)\(version.current ? "  (current)" : "")"))
            printOut(Format.wrap(version.body, width: terminal.width, indent: "  ") + "\n")
        }
    }
}
