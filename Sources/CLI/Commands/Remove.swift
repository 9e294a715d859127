import ArgumentParser
import Foundation
import Models
import Storage

/// `folio rm`: move to the trash.
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Move articles (with their notes) or notes to the trash.",
        discussion: "Nothing is deleted: `folio restore` brings it back, `folio purge` deletes it for good.\n\nExample:\n  folio rm 0193a4b2")

    @OptionGroup var items: ItemIDsArgument
    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open()
        let items = Store.unique(try IDList.items(self.items.ids, command: "rm", in: store))
        try store.trash(items)
        for item in items { output.say("Moved \(try describe(item, in: store)) to the trash") }
    }
}
