import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// `folio_rank` (Sources/CRanking) is FTS5's `bm25` without the length lookups of rows that
/// cannot be among the best: for every query and limit it must keep the very rows `bm25` keeps,
/// with the very same scores.
@Suite struct RankingTests {
    /// A library where some words are in most articles and others in few, in every column.
    static func library() throws -> TemporaryStore {
        let temporary = try TemporaryStore()
        var generator = SplitMix64(seed: 42)
        func number(_ upperBound: Int) -> Int { Int.random(in: 0..<upperBound, using: &generator) }
        let common = ["report", "city", "water", "season", "market"]
        let rare = ["harbour", "glacier", "violin", "orchard", "lantern", "meteor", "saffron", "quarry"]
        func words(_ count: Int) -> String {
            (0..<count).map { _ in
                number(4) == 0 ? rare[number(rare.count)] : common[number(common.count)]
            }.joined(separator: " ")
        }
        var articles: [Article] = []
        for _ in 0..<800 {
            let length = 5 + number(300)
            articles.append(
                Article(
                    title: words(1 + number(6)), content: words(length),
                    tags: number(3) == 0 ? [rare[number(rare.count)]] : []))
        }
        var notes: [Note] = []
        for index in stride(from: 0, to: articles.count, by: 3) {
            notes.append(Note(articleID: articles[index].id, body: words(2 + number(40))))
        }
        _ = try temporary.store.addBatch(articles, notes: notes)
        return temporary
    }

    @Test func folioRankKeepsTheRowsAndScoresOfBM25() throws {
        let temporary = try Self.library()
        let expressions = [
            #""report""#, #""city" OR "water""#, #""season" "market""#, #""harbour""#, #""glacier" OR "report""#, #""mete" *"#,
            #"tags : "violin""#, #""water" NOT "city""#,
        ]
        var compared = 0
        var pruned = false
        try temporary.store.read { db in
            for expression in expressions {
                let matches = try Int.fetchOne(db, sql: "SELECT count(*) FROM searchIndex WHERE searchIndex MATCH ?", arguments: [expression]) ?? 0
                for limit in [1, 2, 5, 20, 100, 2000] {
                    let folio = try Row.fetchAll(db, sql: Store.rankedSearchSQL(), arguments: [expression, limit, expression, limit])
                    let bm25 = try Row.fetchAll(db, sql: Store.baselineSearchSQL(), arguments: [expression, expression, limit])
                    let shown = { (rows: [Row]) in rows.map { "\($0[0] as Int64) \(($0[1] as Double).bitPattern) \($0[2] as String)" } }
                    #expect(shown(folio) == shown(bm25), "\(expression) limit \(limit)")
                    #expect(folio.count == min(limit, matches))
                    compared += folio.count
                }
                // Rows outside the best were answered with a bound, not their score: the
                // pruning happened (a ranking that computed every row would pass the above too).
                if matches > 20 {
                    let all = try Double.fetchAll(
                        db, sql: "SELECT folio_rank(searchIndex, 5, \(Store.rankingWeights)) FROM searchIndex WHERE searchIndex MATCH ?",
                        arguments: [expression])
                    let exact = try Double.fetchAll(
                        db, sql: "SELECT bm25(searchIndex, \(Store.rankingWeights)) FROM searchIndex WHERE searchIndex MATCH ?",
                        arguments: [expression])
                    #expect(all.count == exact.count)
                    // Never better than the exact score: a bound sorts after the rows kept.
                    #expect(zip(all, exact).allSatisfy { $0 <= $1 })
                    if zip(all, exact).contains(where: { $0 != $1 }) { pruned = true }
                }
            }
        }
        #expect(compared > 500)
        #expect(pruned)
    }

    /// `Store.search` keeps its statement prepared: one query's ranking data (its IDF, its best
    /// scores so far) must not carry over to the next query, nor to the same query again.
    @Test func eachSearchRanksAfresh() throws {
        let temporary = try Self.library()
        let store = temporary.store
        func ids(_ text: String, _ limit: Int) throws -> [String] { try store.search(try SearchQuery.parse(text), limit: limit).map(\.id) }
        let first = try ids("report", 5)
        let other = try ids("harbour", 20)
        let again = try ids("report", 5)
        let wider = try ids("report", 50)
        #expect(first == again)
        #expect(Array(wider.prefix(5)) == first)
        #expect(other.count == 20 && other != Array(wider.prefix(20)))
        // A new connection, which has never run a search, ranks `harbour` the same.
        let fresh = try Store(path: temporary.path, configuration: StoreConfiguration(readOnly: true))
        #expect(try fresh.search(try SearchQuery.parse("harbour"), limit: 20).map(\.id) == other)
    }

    /// A store opened with a small page cache (`folio search`'s, `SearchRequest.cachedPages`)
    /// keeps that many pages on its connection, and answers as one with SQLite's default.
    @Test func aSmallPageCacheSearchesTheSame() throws {
        let temporary = try Self.library()
        let small = try Store(path: temporary.path, configuration: StoreConfiguration(readOnly: true, cachedPages: 16))
        let cacheSize = { (store: Store) in try store.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } }
        #expect(try cacheSize(small) == 16)
        #expect(try cacheSize(temporary.store) != 16)
        for text in ["report", "harbour", "report OR harbour", "harb*"] {
            let query = try SearchQuery.parse(text)
            let hits = try small.search(query, limit: 50)
            #expect(!hits.isEmpty)
            #expect(try hits == temporary.store.search(query, limit: 50))
        }
    }

    /// A row's bound is the score of the shortest length its hits allow (per column, the furthest
    /// hit's offset plus one), not of a length of zero: a long article whose only body hit sits
    /// near its end cannot beat a shorter one with the same hits, and is answered without a
    /// length lookup, although a length of zero would have let it seem to.
    @Test func theBoundCountsTheTokensBeforeTheFurthestHit() throws {
        let temporary = try TemporaryStore()
        func filler(_ count: Int, from start: Int) -> [String] { (start..<(start + count)).map { "w\($0)" } }
        let shorter = Article(title: "market", content: filler(400, from: 0).joined(separator: " "))
        // 600 tokens, "market" the 591st: at least 592 tokens of body, one of title.
        let longer = Article(title: "market", content: (filler(590, from: 1000) + ["market"] + filler(9, from: 2000)).joined(separator: " "))
        _ = try temporary.store.addBatch([shorter, longer], notes: [])
        try temporary.store.read { db in
            let sql = "SELECT rowid, %@ FROM searchIndex WHERE searchIndex MATCH 'market' ORDER BY rowid"
            let folio = try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "%@", with: "folio_rank(searchIndex, 1, \(Store.rankingWeights))"))
            let bm25 = try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "%@", with: "bm25(searchIndex, \(Store.rankingWeights))"))
            #expect(folio.count == 2 && bm25.count == 2)
            guard folio.count == 2, bm25.count == 2 else { return }
            let (first, second) = (folio[0][1] as Double, folio[1][1] as Double)
            let (exactFirst, exactSecond) = (bm25[0][1] as Double, bm25[1][1] as Double)
            #expect(first == exactFirst, "the first row is scored in full")
            #expect(exactSecond > exactFirst, "the longer article ranks after the shorter")
            // Answered with a bound: better than its score (the length is not known), worse than the best so far.
            #expect(second < exactSecond)
            #expect(second >= exactFirst)
        }
    }
}
