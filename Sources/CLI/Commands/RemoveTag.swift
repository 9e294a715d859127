import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tags rm NAME`.
struct RemoveTag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a tag from every article and note.", aliases: ["remove"])

    @Argument(help: "The tag to remove.", completion: Completions.tags) var name: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open()
        let change = try store.removeTag(name)
        if output.json { return try printJSON(change) }
        output.say("Removed #\(Tag.normalize(name) ?? name) from \(describe(change))")
    }
}
