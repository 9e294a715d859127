import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tag ID +a -b`: add and remove tags.
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add (+name or name) and remove (-name) tags of an article or note.",
        discussion: """
            Examples:
              folio tag 0193a4b2 +russia +diplomacy -todo
            """)

    @Argument(help: "The article's or note's id (any unique prefix).")
    var id: String

    @Argument(parsing: .captureForPassthrough, help: "Tag changes: +name or name adds, -name removes.")
    var changes: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        var changes = self.changes
        var json = output.json
        if let index = changes.firstIndex(of: "--json") {
            changes.remove(at: index)
            json = true
        }
        guard !changes.isEmpty else { throw CLIError.usage("give tag changes, as in `folio tag \(id) +read-later -todo`") }
        let parsed = TagChanges(changes)
        let store = try Library.open()
        let tags: [String]
        let resolvedID: String
        switch try store.resolveItem(id) {
        case .article(let articleID):
            var edit = ArticleEdit()
            edit.addTags = parsed.add
            edit.removeTags = parsed.remove
            tags = try store.edit(articleID: articleID, edit).tags
            resolvedID = articleID
        case .note(let noteID):
            var edit = NoteEdit()
            edit.addTags = parsed.add
            edit.removeTags = parsed.remove
            tags = try store.edit(noteID: noteID, edit).tags
            resolvedID = noteID
        }
        if json {
            try printJSON(TagsResult(id: resolvedID, tags: tags))
        } else {
            printOut(tags.isEmpty ? "no tags" : tags.map { "#" + $0 }.joined(separator: " "))
        }
    }
}

/// What `folio tag --json` prints.
struct TagsResult: Encodable {
    var id: String
    var tags: [String]
}

/// Sets one field of an article and reports it: the shared body of archive, star and friends.
func applyArticleEdit(_ typedID: String, json: Bool, verb: String, _ configure: (inout ArticleEdit) -> Void) throws {
    try applyArticleEdit(typedID, json: json, describe: { _ in verb }, configure)
}

/// Applies an edit and prints what `describe` says of the article as it now is.
func applyArticleEdit(_ typedID: String, json: Bool, describe: (Article) -> String, _ configure: (inout ArticleEdit) -> Void) throws {
    let store = try Library.open()
    let articleID = try store.resolveArticleID(typedID)
    var edit = ArticleEdit()
    configure(&edit)
    let article = try store.edit(articleID: articleID, edit)
    let shortID = try store.shortIDs([articleID])[articleID] ?? articleID
    if json {
        try printJSON(ArticleSummary(article, shortID: shortID))
    } else {
        printOut("\(describe(article)) \(shortID): \(article.title)")
    }
}

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Mark an article as read and put it away.", discussion: "Example:\n  folio archive 0193a4b2")
    @Argument(help: "The article's id (any unique prefix).") var id: String
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(id, json: output.json, verb: "Archived") { $0.state = .archived } }
}

struct Unarchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unarchive",
        abstract: "Bring an archived article back to unread.", discussion: "Example:\n  folio unarchive 0193a4b2")
    @Argument(help: "The article's id (any unique prefix).") var id: String
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(id, json: output.json, verb: "Unarchived") { $0.state = .unread } }
}

struct Star: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "star", abstract: "Star an article.", discussion: "Example:\n  folio star 0193a4b2")
    @Argument(help: "The article's id (any unique prefix).") var id: String
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(id, json: output.json, verb: "Starred") { $0.starred = true } }
}

struct Unstar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unstar", abstract: "Remove an article's star.", discussion: "Example:\n  folio unstar 0193a4b2")
    @Argument(help: "The article's id (any unique prefix).") var id: String
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(id, json: output.json, verb: "Unstarred") { $0.starred = false } }
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
    @Argument(help: "The article's id (any unique prefix).") var id: String
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
        try applyArticleEdit(id, json: output.json, describe: describe) { $0.progress = progress }
    }
}
