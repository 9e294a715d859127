import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tags rename OLD NEW`.
struct RenameTag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename", abstract: "Rename a tag on every article and note (merging it into NEW when NEW exists).",
        aliases: ["mv"])

    @Argument(help: "The tag's current name.", completion: Completions.tags) var old: String
    @Argument(help: "Its new name.") var new: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open()
        let change = try store.renameTag(old, to: new)
        if output.json { return try printJSON(change) }
        output.say(
            "Renamed #\(Tag.normalize(old) ?? old) to #\(Tag.normalize(new) ?? new) on \(describe(change))")
    }
}
