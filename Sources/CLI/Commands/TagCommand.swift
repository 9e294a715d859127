import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tag ID… +a -b`: add and remove tags of one or more articles and notes.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add (+name) and remove (-name) tags of articles and notes.",
        discussion: """
            Every argument that starts with + or - is a tag change; the others are ids (any \
            unique prefix), and - reads ids from standard input, one per line. All the items \
            change in one transaction.

            Examples:
              folio tag 0193a4b2 +russia +diplomacy -todo
              folio tag 0193a4b2 0193a4c7 +read-later
              folio search 'tag:todo' --ids | folio tag - -todo +done
            """)

    @Argument(parsing: .captureForPassthrough, help: "Ids, then tag changes: +name adds, -name removes.", completion: Completions.itemIDs)
    var arguments: [String] = []

    @OptionGroup var output: OutputOptions

    /// The arguments split into ids and changes: +name and -name are changes, `-` is standard
    /// input, anything else an id.
    struct Parsed: Equatable {
        var ids: [String] = []
        var add: [String] = []
        var remove: [String] = []
        var json = false
    }

    static func parse(_ arguments: [String]) throws -> Parsed {
        var parsed = Parsed()
        for argument in arguments {
            if argument == "--json" || argument == "-j" {
                parsed.json = true
            } else if argument.count > 1, argument.hasPrefix("+") {
                parsed.add.append(String(argument.dropFirst()))
            } else if argument.count > 1, argument.hasPrefix("-") {
                parsed.remove.append(String(argument.dropFirst()))
            } else if argument == "-" || EntityID.canonicalPrefix(argument) != nil {
                parsed.ids.append(argument)
            } else {
                throw CLIError.usage("\(argument) is neither an id nor a tag change: write +\(argument) to add the tag, -\(argument) to remove it")
            }
        }
        if parsed.ids.isEmpty { throw CLIError.usage("give the ids to tag, as in `folio tag 0193a4b2 +read-later -todo`") }
        if parsed.add.isEmpty && parsed.remove.isEmpty {
            throw CLIError.usage("give tag changes, as in `folio tag \(parsed.ids[0]) +read-later -todo`")
        }
        return parsed
    }

    func run() throws {
        let parsed = try Self.parse(arguments)
        let store = try Library.open()
        let items = try IDList.items(parsed.ids, command: "tag", in: store)
        let results = try store.changeTags(items, add: parsed.add, remove: parsed.remove)
        let json = output.json || parsed.json
        if json {
            let printed = results.map { TagsResult(id: $0.item.id, tags: $0.tags) }
            if printed.count == 1 { try printJSON(printed[0]) } else { try printJSON(printed) }
            return
        }
        let shortIDs = try store.shortIDs(results.map(\.item.id))
        for result in results {
            let tags = result.tags.isEmpty ? "no tags" : result.tags.map { "#" + $0 }.joined(separator: " ")
            output.say(results.count == 1 ? tags : "\(shortIDs[result.item.id] ?? result.item.id)  \(tags)")
        }
    }
}
