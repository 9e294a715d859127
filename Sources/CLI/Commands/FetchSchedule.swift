import Foundation
import Models

/// Which pending article to fetch next: the oldest whose host has fewer than `perHost`
/// fetches running, so that a long queue on one site neither hammers it nor holds up the
/// others. Pure: `PendingFetcher` asks it and reports back.
struct FetchSchedule {
    /// Articles not started yet, in order, each with its host.
    private var waiting: [(article: Article, host: String)]
    /// Fetches running per host.
    private var running: [String: Int] = [:]
    let perHost: Int

    init(_ articles: [Article], perHost: Int = 2) {
        waiting = articles.map { ($0, Self.host(of: $0)) }
        self.perHost = max(1, perHost)
    }

    /// Articles not started yet.
    var left: Int { waiting.count }

    /// The next article to start, marked running; nil when none can start now (every waiting
    /// one's host is busy) or none is left.
    mutating func next() -> Article? {
        guard let index = waiting.firstIndex(where: { running[$0.host, default: 0] < perHost }) else { return nil }
        let (article, host) = waiting.remove(at: index)
        running[host, default: 0] += 1
        return article
    }

    /// Records that a started article's fetch ended (whatever its outcome).
    mutating func finished(_ article: Article) {
        let host = Self.host(of: article)
        running[host] = max(0, running[host, default: 0] - 1)
    }

    /// Forgets every article not started yet (after Ctrl-C).
    mutating func dropWaiting() { waiting.removeAll() }

    /// The host an article's URL names, lowercased (the port aside: one machine); "" when it
    /// names none, which then count as one host.
    static func host(of article: Article) -> String {
        article.url.flatMap { URLComponents(string: $0)?.host?.lowercased() } ?? ""
    }
}
