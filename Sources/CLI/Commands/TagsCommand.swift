import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tags`: the library's tags with their counts; `rename` and `rm` change every item.
struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "List tags with their counts, rename or remove a tag everywhere.",
        discussion: """
            Renaming and removing change every article and note that has the tag (trashed ones \
            too), in one transaction; the changes sync like any tag change.

            Examples:
              folio tags
              folio tags rename todo read-later
              folio tags rm old-project
            """,
        subcommands: [ListTags.self, RenameTag.self, RemoveTag.self],
        defaultSubcommand: ListTags.self)
}
