import Foundation
import Hummingbird
import Models
import Storage

/// The reader: `GET /articles/:id`, and the forms on it (star, archive, trash and their
/// undoing, tags, notes, the reading position), each one store transaction as the matching
/// `folio` command makes it.
struct ArticleRoutes {
    let store: Store
    let views: WebViews
    let chrome: ChromeMaker

    /// What an action's page says after it (`?done=`): fixed words, never the address's text.
    static let messages = [
        "star": "Starred.", "unstar": "No longer starred.", "archive": "Archived.", "unarchive": "Back in the inbox.",
        "trash": "Moved to the trash.", "restore": "Restored from the trash.", "tags": "Tags saved.", "note": "Note saved.",
        "added": "Saved.", "pending": "Saved as pending: it will be fetched when the site can be reached.",
        "duplicate": "Already in the library.",
    ]

    func add(to router: Router<WebRequestContext>) {
        router.get("/articles/:id") { request, context in try await article(request, context: context) }
        for action in ["star", "unstar", "archive", "unarchive", "trash", "restore"] {
            router.post("/articles/:id/\(action)") { _, context in try await perform(action, context: context) }
        }
        router.post("/articles/:id/tags") { _, context in try await changeTags(context: context) }
        router.post("/articles/:id/notes") { _, context in try await addNote(context: context) }
        router.post("/articles/:id/progress") { _, context in try await saveProgress(context: context) }
    }

    /// The article's full id from the address (a short id or any unique prefix works too).
    func articleID(_ context: WebRequestContext) async throws -> String {
        let typed = context.parameters.get("id") ?? ""
        return try await store.webPerform { store throws(StoreError) in try store.resolveArticleID(typed) }
    }

    func article(_ request: Request, context: WebRequestContext) async throws -> Response {
        let id = try await articleID(context)
        let (article, notes) = try await store.webPerform { store throws(StoreError) in (try store.article(id: id), try store.notes(articleID: id)) }
        let parameters = request.query
        let size = parameters["size"].flatMap { ["small", "normal", "large"].contains($0) ? $0 : nil } ?? "normal"
        let message = parameters["done"].flatMap { Self.messages[$0] }
        let model = ArticlePage(chrome: chrome.make(context, title: article.title, textSize: size, message: message), article: article, notes: notes)
        return views.page("article", model)
    }

    func perform(_ action: String, context: WebRequestContext) async throws -> Response {
        let id = try await articleID(context)
        try await store.webPerform { store throws(StoreError) in
            var edit = ArticleEdit()
            switch action {
            case "star": edit.starred = true
            case "unstar": edit.starred = false
            case "archive": edit.state = .archived
            case "unarchive": edit.state = .unread
            case "trash":
                try store.trash(articleID: id)
                return
            default:
                try store.restore(articleID: id)
                return
            }
            try store.edit(articleID: id, edit)
        }
        return WebViews.redirect(to: "/articles/\(id)?done=\(action)")
    }

    func changeTags(context: WebRequestContext) async throws -> Response {
        let id = try await articleID(context)
        let add = TagField.tags(context.form["add"] ?? "")
        let remove = TagField.tags(context.form["remove"] ?? "")
        guard !add.isEmpty || !remove.isEmpty else { throw WebReaderError.badRequest("Write a tag to add.") }
        try await store.webPerform { store throws(StoreError) in _ = try store.changeTags([.article(id)], add: add, remove: remove) }
        return WebViews.redirect(to: "/articles/\(id)?done=tags")
    }

    /// A note on the article, with a quote or not: what `folio note add ID --quote` makes.
    func addNote(context: WebRequestContext) async throws -> Response {
        let id = try await articleID(context)
        let quote = context.form.text("quote")
        let body = context.form.text("body") ?? ""
        guard !body.isEmpty || quote != nil else { throw WebReaderError.badRequest("The note is empty: write something or select a passage.") }
        let note = Note(articleID: id, quote: quote, body: body, tags: TagField.tags(context.form["tags"] ?? ""))
        try await store.webPerform { store throws(StoreError) in try store.add(note) }
        return WebViews.redirect(to: "/articles/\(id)?done=note#note-\(note.id)")
    }

    /// The reading position, from the page's script: it only moves forward, as in `folio progress`.
    func saveProgress(context: WebRequestContext) async throws -> Response {
        let id = try await articleID(context)
        guard let value = context.form["progress"].flatMap(Double.init), value.isFinite, (0...1).contains(value) else {
            throw WebReaderError.badRequest("A progress is a number from 0 to 1.")
        }
        try await store.webPerform { store throws(StoreError) in
            var edit = ArticleEdit()
            edit.progress = value
            try store.edit(articleID: id, edit)
        }
        return Response(status: .noContent)
    }
}
