import ArgumentParser
import Foundation
import Models
import Storage

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
