import ArgumentParser
import Foundation
import Models
import Storage

struct ResolveNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Show the bodies of a note in conflict, and keep one or a mix of them.",
        discussion: """
            Edits made to the same lines of a note on two devices before they synced cannot \
            both be kept: the later one is the note's text and the other is kept with the note \
            as a conflict, marked in `folio note list` and `folio status`. This command shows \
            the sides, numbered (1 is the text the note shows), with a word-level diff, and \
            ends the conflict on every device once you choose:

              --keep 1 (or current), --keep 2 (or other): keep that side as it is;
              --edit: open both sides in $EDITOR and keep what you save;
              --text TEXT (or - for standard input): keep that text.

            With none of these it only shows the sides, and on a terminal asks which to keep.

            Examples:
              folio note resolve 0193a4c7
              folio note resolve 0193a4c7 --keep other
              folio note resolve 0193a4c7 --edit
              folio note resolve 0193a4c7 --json
            """)

    @Argument(help: "The note's id (its short id, or any unique prefix of the full id).", completion: Completions.noteIDs)
    var id: String

    @Option(help: "Keep this side: its number, or current (1) or other (2).")
    var keep: String?

    @Flag(help: "Edit both sides in $EDITOR and keep the result.")
    var edit = false

    @Option(help: "Keep this text (- reads standard input).")
    var text: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if [keep != nil, edit, text != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --keep, --edit and --text")
        }
    }

    func run() throws {
        let store = try Library.open()
        let noteID = try store.resolveNoteID(id)
        let note = try store.note(id: noteID)
        let shortID = try store.shortIDs([noteID])[noteID] ?? noteID
        guard note.hasConflict else { throw StoreError.noConflict(noteID: shortID) }
        let sides = try Self.sides(of: note, merged: store.noteBody(id: noteID), devices: DeviceLabels(store))
        let terminal = Terminal()

        var body: String?
        var kept = "your text"
        if let keep {
            let side = try Self.side(keep, in: sides)
            body = side.body
            kept = "side \(side.number) (\(side.role))"
        } else if edit {
            body = try Self.edited(try terminal.edit(Self.draft(sides, devices: try DeviceLabels(store))))
        } else if let text {
            body = try Self.checked(text == "-" ? String(decoding: try readInput("-").data, as: UTF8.self) : text)
        } else if !output.json, terminal.stdinIsTTY, terminal.stdoutIsTTY {
            show(sides, terminal: terminal, devices: try DeviceLabels(store))
            guard let choice = Self.ask(sides) else {
                printError("nothing resolved: note \(shortID) stays in conflict")
                return
            }
            if choice == "e" {
                body = try Self.edited(try terminal.edit(Self.draft(sides, devices: try DeviceLabels(store))))
            } else {
                let side = try Self.side(choice, in: sides)
                body = side.body
                kept = "side \(side.number) (\(side.role))"
            }
        }

        guard let body else {
            // Show only.
            if output.json {
                let diffs = sides.dropFirst().map { side in
                    WordDiff.diff(sides[0].body, side.body).map { run -> ConflictOutput.DiffRun in
                        switch run {
                        case .same(let text): return .init(kind: "same", text: text)
                        case .removed(let text): return .init(kind: "removed", text: text)
                        case .added(let text): return .init(kind: "added", text: text)
                        }
                    }
                }
                try printJSON(ConflictOutput(id: noteID, shortID: shortID, sides: sides, diffs: diffs))
            } else {
                show(sides, terminal: terminal, devices: try DeviceLabels(store))
                printError("nothing resolved: keep a side with --keep 1 or --keep 2, or use --edit or --text")
            }
            return
        }
        let resolved = try store.resolveConflict(noteID: noteID, body: body)
        if output.json {
            try printJSON(NoteOutput(resolved, shortID: shortID))
        } else {
            output.say("Resolved note \(shortID): kept \(kept)")
        }
    }

    /// The sides of a conflicted note: its text, then each conflict.
    static func sides(of note: Note, merged: NoteBodyMerge.Result, devices: DeviceLabels) -> [ConflictSide] {
        func side(_ number: Int, _ role: String, _ body: String, _ versions: [HLCTimestamp]) -> ConflictSide {
            let latest = versions.max()
            return ConflictSide(
                number: number, role: role, body: body, device: latest?.deviceID ?? "",
                deviceName: latest.flatMap { devices.name($0.deviceID) }, date: latest?.date ?? note.updatedAt,
                versions: versions.sorted())
        }
        return [side(1, "current", note.body, merged.heads)]
            + note.conflicts.enumerated().map { side($0.offset + 2, "other", $0.element.body, $0.element.versions) }
    }

    /// The side a `--keep` value names.
    static func side(_ name: String, in sides: [ConflictSide]) throws -> ConflictSide {
        switch name.lowercased() {
        case "current": return sides[0]
        case "other":
            guard sides.count == 2 else {
                throw CLIError.usage("the note has \(sides.count - 1) other sides; keep one by its number (2 to \(sides.count))")
            }
            return sides[1]
        default:
            guard let number = Int(name), (1...sides.count).contains(number) else {
                throw CLIError.usage("--keep takes current, other or a side's number (1 to \(sides.count)), not \(name)")
            }
            return sides[number - 1]
        }
    }

    static let markers = ["<<<<<<<", "=======", ">>>>>>>"]

    /// What `--edit` opens: every side between conflict markers, as git writes them.
    static func draft(_ sides: [ConflictSide], devices: DeviceLabels) -> String {
        var text = ""
        for side in sides {
            text += (side.number == 1 ? "<<<<<<< " : "======= ") + label(side, devices: devices) + "\n"
            text += side.body + (side.body.hasSuffix("\n") ? "" : "\n")
        }
        return text + ">>>>>>> keep what the note should say; delete the rest and these marker lines\n"
    }

    /// The text saved from the editor, once no marker line is left in it.
    static func edited(_ text: String) throws -> String {
        let markerLine = text.split(separator: "\n", omittingEmptySubsequences: false).first { line in
            markers.contains { line.hasPrefix($0) }
        }
        if let markerLine {
            throw CLIError.invalidInput("the text still has a conflict marker line (\(markerLine.prefix(20))…); nothing was resolved")
        }
        return try checked(text)
    }

    static func checked(_ text: String) throws -> String {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw CLIError.invalidInput("the note would be empty; nothing was resolved") }
        return body
    }

    static func label(_ side: ConflictSide, devices: DeviceLabels) -> String {
        "[\(side.number)] \(side.role), \(devices.label(side.device)), \(ISODate.format(side.date))"
    }

    /// Prints the sides and the word diff from the shown text to each other side.
    func show(_ sides: [ConflictSide], terminal: Terminal, devices: DeviceLabels) {
        var text = ""
        for side in sides {
            text += terminal.bold(Self.label(side, devices: devices)) + "\n"
            text += Format.wrap(side.body, width: terminal.width, indent: "  ") + "\n\n"
        }
        for side in sides.dropFirst() {
            text += terminal.bold("Word diff from [1] to [\(side.number)]:") + "\n"
            for run in WordDiff.diff(sides[0].body, side.body) {
                switch run {
                case .same(let words): text += words
                case .removed(let words): text += terminal.usesColor ? terminal.style(words, "31") : "[-" + words + "-]"
                case .added(let words): text += terminal.usesColor ? terminal.style(words, "32") : "{+" + words + "+}"
                }
            }
            text += "\n\n"
        }
        DescriptorWriter.write(text, to: STDOUT_FILENO)
    }

    /// Asks on the terminal which side to keep: a side's number, "e" to edit, nil to quit.
    static func ask(_ sides: [ConflictSide]) -> String? {
        let numbers = sides.map { String($0.number) }
        while true {
            DescriptorWriter.write("Keep which side (\(numbers.joined(separator: "/"))), e to edit, q to quit? ", to: STDERR_FILENO)
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
            if answer == "q" || answer.isEmpty { return nil }
            if answer == "e" || numbers.contains(answer) { return answer }
        }
    }
}
