import Foundation
import Models
import Storage

/// `folio-bench edit-history`: gives a generated store a long history without changing what it
/// holds in the end (issue 14's edit-heavy library): every article's title is edited
/// `--title-edits` times, the last edit giving the title back; a tag is toggled on every article
/// `--tag-toggles` times (added, removed, …; an even number leaves it off); every note's body is
/// edited `--note-edits` times, the last edit giving the body back. Each edit is a change in the
/// log, as `folio edit` and `folio note edit` record it; rounds that give every article the same
/// value run in one transaction, so the history of 10,000 articles takes seconds.
struct EditHistoryCommand {
    static let usage =
        "folio-bench edit-history --store DBFILE [--title-edits 10] [--tag-toggles 10] [--note-edits 100]"

    /// The tag the toggles add and remove.
    static let toggledTag = "toggled"

    var storePath: String
    var titleEdits: Int
    var tagToggles: Int
    var noteEdits: Int

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["store", "title-edits", "tag-toggles", "note-edits"])
        storePath = try options.string("store")
        titleEdits = try options.integer("title-edits", default: 10)
        tagToggles = try options.integer("tag-toggles", default: 10)
        noteEdits = try options.integer("note-edits", default: 100)
        if tagToggles % 2 != 0 { throw .usage("--tag-toggles must be even: the library must end as it began") }
    }

    func run() throws(BenchError) {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let store = try Store(path: storePath)
            var articles: [(id: String, title: String)] = []
            try store.forEachArticle { articles.append(($0.id, $0.title)) }
            let ids = articles.map(\.id)
            // Every round but the last gives every article the same stand-in title.
            for round in 0..<max(0, titleEdits - 1) {
                var edit = ArticleEdit()
                edit.title = "Draft title \(round + 1)"
                try store.edit(articleIDs: ids, edit)
            }
            if titleEdits > 0 {
                for article in articles {
                    var edit = ArticleEdit()
                    edit.title = article.title
                    try store.edit(articleID: article.id, edit)
                }
            }
            for toggle in 0..<tagToggles {
                let items = ids.map(ItemID.article)
                if toggle % 2 == 0 {
                    try store.changeTags(items, add: [Self.toggledTag], remove: [])
                } else {
                    try store.changeTags(items, add: [], remove: [Self.toggledTag])
                }
            }
            printError("edit-history: \(articles.count) articles, \(format(milliseconds(clock.now - started) / 1000, decimals: 1)) s")
            let notes = try store.allNotes()
            for note in notes {
                for version in 0..<noteEdits {
                    var edit = NoteEdit()
                    edit.body = version == noteEdits - 1 ? note.body : note.body + "\n(draft \(version + 1))"
                    try store.edit(noteID: note.id, edit)
                }
            }
            printError(
                "edit-history: \(notes.count) notes, done in \(format(milliseconds(clock.now - started) / 1000, decimals: 1)) s")
        } catch {
            throw .store("store \(storePath): \(error)")
        }
    }
}
