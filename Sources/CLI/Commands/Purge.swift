import ArgumentParser
import Foundation
import Models
import Storage

/// `folio purge`: delete for good.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete an article (with its notes) or a note for good, or everything in the trash.",
        discussion: """
            Asks first, unless --yes. When standard input is not a terminal, --yes is required.

            Examples:
              folio purge 0193a4b2
              folio purge --all --yes
            """)

    @Argument(help: "The article's or note's id (its short id, or any unique prefix of the full id).", completion: Completions.itemIDs)
    var id: String?

    @Flag(help: "Delete everything in the trash.")
    var all = false

    @Flag(name: [.short, .long], help: "Do not ask for confirmation.")
    var yes = false

    func validate() throws {
        if all == (id != nil) { throw ValidationError("give either an id or --all") }
    }

    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open()
        let terminal = Terminal()
        if all {
            let status = try store.status()
            let question = "Delete \(status.trashedArticles) articles and \(status.trashedNotes) notes in the trash for good?"
            try confirm(question, terminal: terminal)
            let deleted = try store.emptyTrash()
            output.say("Deleted \(deleted.articles) articles and \(deleted.notes) notes for good")
            return
        }
        guard let id else { return }
        switch try store.resolveItem(id) {
        case .article(let articleID):
            let article = try store.article(id: articleID)
            let noteCount = try store.notes(articleID: articleID).count + (try store.notes(articleID: articleID, trashed: true).count)
            try confirm("Delete \"\(article.title)\"\(noteCount > 0 ? " and its \(noteCount) notes" : "") for good?", terminal: terminal)
            try store.purge(articleID: articleID)
            output.say("Deleted article \(EntityID.prefix(of: articleID, hexDigits: 12)) for good")
        case .note(let noteID):
            try confirm("Delete this note for good?", terminal: terminal)
            try store.purge(noteID: noteID)
            output.say("Deleted note \(EntityID.prefix(of: noteID, hexDigits: 12)) for good")
        }
    }

    private func confirm(_ question: String, terminal: Terminal) throws {
        if yes { return }
        guard terminal.stdinIsTTY else {
            throw CLIError.usage("purge deletes for good: add --yes to confirm when not at a terminal")
        }
        guard terminal.confirm(question) else { throw CLIError.cancelled("nothing was deleted") }
    }
}
