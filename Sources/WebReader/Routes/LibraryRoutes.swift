import Foundation
import Hummingbird
import Models
import Storage

/// `GET /`: the library, newest saved first, with `folio list`'s filters and paging.
struct LibraryRoutes {
    static let pageSize = 50

    let store: Store
    let views: WebViews
    let chrome: ChromeMaker

    func add(to router: Router<WebRequestContext>) {
        router.get("/") { request, context in try await library(request, context: context) }
    }

    func library(_ httpRequest: Request, context: WebRequestContext) async throws -> Response {
        let parameters = httpRequest.query
        let filter = parameters["filter"].flatMap(LibraryFilter.init(rawValue:)) ?? .all
        let tag = parameters["tag"].flatMap(Tag.normalize)
        let page = max(1, parameters["page"].flatMap { Int($0) } ?? 1)
        var query = filter.articleFilter(tag: tag)
        // One more than shown, to tell whether there is a next page.
        query.limit = Self.pageSize + 1
        query.offset = (page - 1) * Self.pageSize
        let request = query
        let (found, attempts, sync) = try await store.webPerform { store throws(StoreError) in
            let articles = try store.articles(matching: request)
            return (
                articles, try store.fetchAttempts(for: articles.filter { $0.contentStatus == .pending }.map(\.id)), try store.syncState()
            )
        }
        let articles = Array(found.prefix(Self.pageSize))
        func link(filter: LibraryFilter, tag: String?, page: Int) -> String {
            var items: [String] = []
            if filter != .all { items.append("filter=\(filter.rawValue)") }
            if let tag { items.append("tag=" + (tag.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            if page > 1 { items.append("page=\(page)") }
            return items.isEmpty ? "/" : "/?" + items.joined(separator: "&")
        }
        let first = (page - 1) * Self.pageSize + 1
        let model = LibraryPage(
            chrome: chrome.make(context, title: "Library", message: Self.syncMessage(httpRequest.query)),
            filters: LibraryFilter.allCases.map { .init(label: $0.label, href: link(filter: $0, tag: tag, page: 1), current: $0 == filter) },
            filter: filter.rawValue, tag: tag,
            countText: articles.isEmpty ? "No articles." : "Articles \(first) to \(first + articles.count - 1), newest saved first",
            rows: articles.map { ArticleRow($0, failed: attempts[$0.id]?.isFailed ?? false) },
            previous: page > 1 ? link(filter: filter, tag: tag, page: page - 1) : nil,
            next: found.count > Self.pageSize ? link(filter: filter, tag: tag, page: page + 1) : nil,
            syncLine: Self.syncLine(unsynced: sync.unsyncedChanges, lastSync: sync.lastSyncAt))
        return views.page("library", model)
    }

    /// What the page says after the Sync button: the counts as numbers, never the address's text.
    static func syncMessage(_ query: FormFields) -> String? {
        guard query["done"] == "sync", let pushed = query["pushed"].flatMap({ Int($0) }), let pulled = query["pulled"].flatMap({ Int($0) })
        else { return nil }
        return "Synced: pushed \(pushed), pulled \(pulled)."
    }

    /// "Last synced 2026-02-08 09:30 UTC · 3 changes not synced yet (folio sync)".
    static func syncLine(unsynced: Int, lastSync: Date?) -> String {
        let last = lastSync.map { "Last synced " + ISODate.format($0).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC" } ?? "Never synced"
        let waiting =
            switch unsynced {
            case 0: "every change synced"
            case 1: "1 change not synced yet (folio sync)"
            default: "\(unsynced) changes not synced yet (folio sync)"
            }
        return last + " · " + waiting
    }
}
