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

/// What `folio tag --json` prints.
struct TagsResult: Encodable {
    var id: String
    var tags: [String]
}

/// Sets one field of each article and reports them: the shared body of archive, star and
/// friends. One id prints one object with `--json`, several an array.
func applyArticleEdit(
    _ typedIDs: [String], command: String, output: OutputOptions, verb: String, _ configure: (inout ArticleEdit) -> Void
) throws {
    try applyArticleEdit(typedIDs, command: command, output: output, describe: { _ in verb }, configure)
}

/// Applies an edit to each article in one transaction and prints what `describe` says of each
/// as it now is.
func applyArticleEdit(
    _ typedIDs: [String], command: String, output: OutputOptions, describe: (Article) -> String,
    _ configure: (inout ArticleEdit) -> Void
) throws {
    let store = try Library.open()
    let articleIDs = try IDList.articles(typedIDs, command: command, in: store)
    var edit = ArticleEdit()
    configure(&edit)
    let articles = try store.edit(articleIDs: articleIDs, edit)
    let shortIDs = try store.shortIDs(articles.map(\.id))
    if output.json {
        let summaries = articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id) }
        if summaries.count == 1 { try printJSON(summaries[0]) } else { try printJSON(summaries) }
    } else {
        for article in articles { output.say("\(describe(article)) \(shortIDs[article.id] ?? article.id): \(article.title)") }
    }
}

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Mark articles as read and put them away.",
        discussion: "Examples:\n  folio archive 0193a4b2\n  folio search 'tag:done' --ids | folio archive -")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "archive", output: output, verb: "Archived") { $0.state = .archived } }
}

struct Unarchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unarchive",
        abstract: "Bring archived articles back to unread.", discussion: "Example:\n  folio unarchive 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "unarchive", output: output, verb: "Unarchived") { $0.state = .unread } }
}

struct Star: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "star", abstract: "Star articles.", discussion: "Example:\n  folio star 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "star", output: output, verb: "Starred") { $0.starred = true } }
}

struct Unstar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unstar", abstract: "Remove articles' stars.", discussion: "Example:\n  folio unstar 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "unstar", output: output, verb: "Unstarred") { $0.starred = false } }
}

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Record how far you have read an article (0 to 1, or a percentage).",
        discussion: """
            Progress only moves forward: a lower value leaves it where it is, as the merge \
            across devices keeps the highest.

            Examples:
              folio progress 0193a4b2 0.4
              folio progress 0193a4b2 40%
            """)
    @Argument(help: "The article's id (its short id, or any unique prefix of the full id).", completion: Completions.articleIDs) var id: String
    @Argument(help: "Progress: a number from 0 to 1, or a percentage such as 40%.") var value: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let progress: Double
        if value.hasSuffix("%"), let percent = Double(value.dropLast()) {
            progress = percent / 100
        } else if let fraction = Double(value) {
            progress = fraction
        } else {
            throw CLIError.invalidInput("\(value) is not a progress: give a number from 0 to 1, or a percentage such as 40%")
        }
        guard progress.isFinite, (0...1).contains(progress) else {
            throw CLIError.invalidInput("progress \(value) is out of range: give a number from 0 to 1, or 0% to 100%")
        }
        // Progress only moves forward (the merge keeps the maximum across devices); say so.
        func describe(_ article: Article) -> String {
            "Progress \(Int((article.progress * 100).rounded()))%" + (article.progress > progress ? " (progress only moves forward)" : "")
        }
        try applyArticleEdit([id], command: "progress", output: output, describe: describe) { $0.progress = progress }
    }
}
