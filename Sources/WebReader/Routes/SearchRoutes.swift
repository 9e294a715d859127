import Foundation
import Hummingbird
import Storage

/// `GET /search?q=…&in=all|articles|notes`: `folio search`'s query language and ranking
/// (`SearchQuery`, `Store.search`), articles and notes in one list.
struct SearchRoutes {
    static let limit = 50

    let store: Store
    let views: WebViews
    let chrome: ChromeMaker

    func add(to router: Router<WebRequestContext>) {
        router.get("/search") { request, context in try await search(request, context: context) }
    }

    func search(_ request: Request, context: WebRequestContext) async throws -> Response {
        let text = request.query["q"] ?? ""
        let scope = request.query["in"] ?? "all"
        var model = SearchPage(
            chrome: chrome.make(context, title: text.isEmpty ? "Search" : "Search: \(text)"), query: text, scopeAll: scope == "all",
            scopeArticles: scope == "articles", scopeNotes: scope == "notes", error: nil, searched: false, countText: "", results: [])
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return views.page("search", model) }
        var query: SearchQuery
        do {
            query = try SearchQuery.parse(text)
        } catch {
            model.error = "Cannot search: \(error.description)"
            return views.page("search", model, status: .badRequest)
        }
        if scope == "articles" { query.scope = .articles }
        if scope == "notes" { query.scope = .notes }
        let searchQuery = query
        let hits = try await store.webPerform { store throws(StoreError) in try store.search(searchQuery, limit: Self.limit) }
        model.searched = true
        model.results = hits.map(SearchPage.Result.init)
        model.countText =
            switch hits.count {
            case 0: "No matches."
            case 1: "1 result"
            case Self.limit: "The best \(Self.limit) results"
            default: "\(hits.count) results"
            }
        return views.page("search", model)
    }
}
