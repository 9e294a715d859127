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

/// `folio tags [list]`.
struct ListTags: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tags with the number of articles and notes (outside the trash) that have each.",
        aliases: ["ls"])

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let tags = try store.tagCounts()
        if output.json {
            try printJSON(tags)
            return
        }
        let terminal = Terminal()
        let width = String(tags.map { $0.articles + $0.notes }.max() ?? 0).count
        var text = ""
        for tag in tags {
            let total = String(tag.articles + tag.notes)
            var line = String(repeating: " ", count: width - total.count) + total + "  " + terminal.style(tag.name, "36")
            if tag.notes > 0 {
                line += "  " + terminal.dim("(\(counted(tag.articles, "article")), \(counted(tag.notes, "note")))")
            }
            text += line + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if tags.isEmpty && terminal.stderrIsTTY { printError("no tags") }
    }
}

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

/// "3 articles and 1 note".
private func describe(_ change: TagChange) -> String {
    switch (change.articles, change.notes) {
    case (_, 0): return counted(change.articles, "article")
    case (0, _): return counted(change.notes, "note")
    default: return "\(counted(change.articles, "article")) and \(counted(change.notes, "note"))"
    }
}

/// "1 article", "2 articles".
private func counted(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
}
