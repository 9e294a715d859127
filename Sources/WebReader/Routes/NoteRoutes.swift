import Foundation
import Hummingbird
import Models
import Storage

/// `GET /notes?show=all|standalone|conflicts`, a standalone note (`POST /notes`, as
/// `folio note add --standalone`), and keeping one side of a conflict
/// (`POST /notes/:id/resolve`, as `folio note resolve ID --keep N`).
struct NoteRoutes {
    let store: Store
    let views: WebViews
    let chrome: ChromeMaker

    static let shows = [("all", "All"), ("standalone", "Standalone"), ("conflicts", "In conflict")]
    static let messages = ["note": "Note saved.", "resolved": "Conflict resolved: the note keeps the side you chose."]

    func add(to router: Router<WebRequestContext>) {
        router.get("/notes") { request, context in try await notes(request, context: context) }
        router.post("/notes") { _, context in try await addStandalone(context: context) }
        router.post("/notes/:id/resolve") { _, context in try await resolve(context: context) }
    }

    func notes(_ request: Request, context: WebRequestContext) async throws -> Response {
        let show = request.query["show"].flatMap { name in Self.shows.contains { $0.0 == name } ? name : nil } ?? "all"
        let (notes, titles) = try await store.webPerform { store throws(StoreError) in
            var notes = try store.notes(conflicted: show == "conflicts")
            if show == "standalone" { notes = notes.filter { $0.articleID == nil } }
            var titles: [String: String] = [:]
            for id in Set(notes.compactMap(\.articleID)) { titles[id] = try? store.article(id: id).title }
            return (notes, titles)
        }
        let message = request.query["done"].flatMap { Self.messages[$0] }
        let model = NotesPage(
            chrome: chrome.make(context, title: "Notes", message: message),
            filters: Self.shows.map { .init(label: $0.1, href: "/notes?show=\($0.0)", current: $0.0 == show) },
            countText: notes.isEmpty ? "No notes." : notes.count == 1 ? "1 note" : "\(notes.count) notes, oldest first",
            notes: notes.map { NoteView($0, articleTitle: $0.articleID.flatMap { titles[$0] }) })
        return views.page("notes", model)
    }

    func addStandalone(context: WebRequestContext) async throws -> Response {
        guard let body = context.form.text("body") else { throw WebReaderError.badRequest("The note is empty: nothing was saved.") }
        let note = Note(body: body, tags: TagField.tags(context.form["tags"] ?? ""))
        try await store.webPerform { store throws(StoreError) in try store.add(note) }
        return WebViews.redirect(to: "/notes?show=standalone&done=note#note-\(note.id)")
    }

    func resolve(context: WebRequestContext) async throws -> Response {
        let typed = context.parameters.get("id") ?? ""
        guard let keep = context.form["keep"].flatMap({ Int($0) }) else { throw WebReaderError.badRequest("Choose the side to keep.") }
        try await store.webPerform { store throws(StoreError) in
            let id = try store.resolveNoteID(typed)
            let note = try store.note(id: id)
            guard note.hasConflict else { throw StoreError.noConflict(noteID: id) }
            let sides = NoteView.sides(of: note)
            guard (1...sides.count).contains(keep) else {
                throw StoreError.invalidValue("the note has \(sides.count) sides; keep one of 1 to \(sides.count)")
            }
            _ = try store.resolveConflict(noteID: id, body: sides[keep - 1])
        }
        return WebViews.redirect(to: "/notes?show=conflicts&done=resolved")
    }
}
