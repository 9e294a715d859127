import ArgumentParser
import Foundation
import Models
import Storage

struct AddNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a note to an article, or a standalone note.",
        discussion: """
            The text comes from the arguments, else from standard input when it is not a \
            terminal, else from $EDITOR. A --quote must be a passage of the article.

            Examples:
              folio note add 0193a4b2 "Putin's aims, per AP's experts"
              folio note add 0193a4b2 --quote "Echoes of Helsinki" "Compare with 2018"
              echo "Ideas for the essay" | folio note add --standalone
            """)

    @Argument(
        help: "The article's id (its short id, or any unique prefix of the full id), then the note's text. With --standalone, only the text.",
        completion: Completions.articleIDs)
    var arguments: [String] = []

    @Flag(help: "A note that belongs to no article.")
    var standalone = false

    @Option(help: "A passage of the article the note is about.")
    var quote: String?

    @Option(name: .customLong("tag"), help: "A tag (repeat for several).")
    var tags: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !standalone && arguments.isEmpty {
            throw ValidationError("give the article's id, or --standalone for a note on no article")
        }
        if standalone && quote != nil {
            throw ValidationError("--quote needs an article: a standalone note quotes nothing")
        }
    }

    func run() throws {
        let store = try Library.open()
        var words = arguments
        var articleID: String?
        if !standalone {
            articleID = try store.resolveArticleID(words.removeFirst())
        }
        var text = words.joined(separator: " ")
        let terminal = Terminal()
        if text.isEmpty {
            if !terminal.stdinIsTTY {
                let input = try readInput("-")
                text = String(decoding: input.data, as: UTF8.self)
            } else {
                text = try terminal.edit("")
            }
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty || quote != nil else { throw CLIError.invalidInput("the note is empty: nothing was saved") }
        if let quote, quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CLIError.invalidInput("--quote is empty")
        }
        let note = Note(articleID: articleID, quote: quote?.trimmingCharacters(in: .whitespacesAndNewlines), body: text, tags: tags)
        try store.add(note)
        let shortID = try store.shortIDs([note.id])[note.id] ?? note.id
        if output.json {
            try printJSON(NoteOutput(note, shortID: shortID))
        } else {
            output.say("Saved note \(shortID)")
        }
    }
}
