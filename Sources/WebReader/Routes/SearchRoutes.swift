import Foundation
import Hummingbird
import Storage

/// `GET /search?q=…&in=all|articles|notes`: `folio search`'s query language and ranking
/// (`SearchQuery`, `Store.search`), articles and notes in one list.
struct SearchRoutes {
    /// Results shown first, as `folio search` shows them; "More results" doubles it.
    static let limit = 20
    static let maximumLimit = 400

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
            scopeArticles: scope == "articles", scopeNotes: scope == "notes", error: nil, searched: false, countText: "", results: [],
            more: nil)
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
        let limit = min(Self.maximumLimit, max(1, request.query["n"].flatMap { Int($0) } ?? Self.limit))
        // One more than shown, to tell whether there are more.
        var hits = try await store.webPerform { store throws(StoreError) in try store.search(searchQuery, limit: limit + 1) }
        let more = hits.count > limit
        if more { hits.removeLast() }
        model.searched = true
        model.results = hits.map(SearchPage.Result.init)
        model.countText =
            switch hits.count {
            case 0: "No matches."
            case 1: "1 result"
            default: more ? "The best \(hits.count) results" : "\(hits.count) results"
            }
        if more && limit < Self.maximumLimit {
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            model.more = "/search?q=\(encoded)&in=\(scope)&n=\(min(Self.maximumLimit, limit * 2))"
        }
        return views.page("search", model)
    }
}
