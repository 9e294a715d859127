import ArgumentParser
import Foundation
import Models
import Storage

/// `folio restore`: take out of the trash.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Take articles or notes out of the trash.",
        discussion: "Example:\n  folio restore 0193a4b2")

    @OptionGroup var items: ItemIDsArgument
    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open()
        let items = Store.unique(try IDList.items(self.items.ids, command: "restore", in: store))
        try store.restore(items)
        for item in items { output.say("Restored \(try describe(item, in: store))") }
    }
}
