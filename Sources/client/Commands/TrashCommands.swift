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

    @Argument(
        help: "The articles' or notes' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.itemIDs)
    var ids: [String] = []

    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open()
        let items = Store.unique(try IDList.items(ids, command: "rm", in: store))
        try store.trash(items)
        for item in items { output.say("Moved \(try describe(item, in: store)) to the trash") }
    }
}

/// "article 0193a4b2" or "note 0193a4c7", with the short id.
func describe(_ item: ItemID, in store: Store) throws -> String {
    switch item {
    case .article(let id): return "article \(try store.shortIDs([id])[id] ?? id)"
    case .note(let id): return "note \(try store.shortIDs([id])[id] ?? id)"
    }
}

/// `folio trash`: list what is in the trash.
struct Trash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trash",
        abstract: "List the articles and notes in the trash.",
        discussion: "Example:\n  folio trash --json")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        var filter = ArticleFilter()
        filter.trashed = true
        let articles = try store.articles(matching: filter)
        let notes = try store.notes(trashed: true)
        let shortIDs = try store.shortIDs(articles.map(\.id) + notes.map(\.id))
        if output.json {
            try printJSON(
                TrashListing(
                    articles: articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id) },
                    notes: notes.map { NoteOutput($0, shortID: shortIDs[$0.id] ?? $0.id) }))
            return
        }
        let terminal = Terminal()
        let width = terminal.stdoutIsTTY ? terminal.width : nil
        let idWidth = shortIDs.values.map(DisplayWidth.of).max() ?? 4
        for article in articles {
            printOut(
                Format.articleLine(
                    article, shortID: shortIDs[article.id] ?? article.id, idWidth: idWidth, date: article.savedAt, width: width,
                    terminal: terminal))
        }
        for note in notes {
            let id = DisplayWidth.pad(shortIDs[note.id] ?? note.id, to: idWidth)
            let body = DisplayWidth.oneLine(note.body)
            printOut(
                "\(terminal.style(id, "33"))  \(ISODate.formatDay(note.createdAt))  note: "
                    + DisplayWidth.truncate(body, to: (width ?? 80) - idWidth - 20))
        }
        if articles.isEmpty && notes.isEmpty { printError("the trash is empty") }
    }
}

/// What `folio trash --json` prints.
struct TrashListing: Encodable {
    var articles: [ArticleSummary]
    var notes: [NoteOutput]
}

/// `folio restore`: take out of the trash.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Take articles or notes out of the trash.",
        discussion: "Example:\n  folio restore 0193a4b2")

    @Argument(
        help: "The articles' or notes' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.itemIDs)
    var ids: [String] = []

    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open()
        let items = Store.unique(try IDList.items(ids, command: "restore", in: store))
        try store.restore(items)
        for item in items { output.say("Restored \(try describe(item, in: store))") }
    }
}

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
