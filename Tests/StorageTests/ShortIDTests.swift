import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// Short ids: starts of an id's random tail, as long as the library's size asks for.
@Suite struct ShortIDTests {
    /// `count` articles whose ids were all made in the same millisecond (so their full ids share
    /// their first 13 hex digits), from a seeded generator.
    private func articles(_ count: Int, seed: UInt64) -> [Article] {
        var generator = SplitMix64(seed: seed)
        let instant = Date(timeIntervalSince1970: 1_760_000_000)
        return (0..<count).map { index in
            Article(id: EntityID.make(at: instant, using: &generator), title: "Article \(index)", content: "Text \(index).")
        }
    }

    @Test func lengthGrowsWithTheLibraryOneDigitAboveWhatCountsIt() {
        #expect(EntityID.shortLength(forCount: 0) == 4)
        #expect(EntityID.shortLength(forCount: 1_000) == 4)
        #expect(EntityID.shortLength(forCount: 4_096) == 4)
        #expect(EntityID.shortLength(forCount: 4_097) == 5)
        #expect(EntityID.shortLength(forCount: 10_000) == 5)
        #expect(EntityID.shortLength(forCount: 100_000) == 6)
        #expect(EntityID.shortLength(forCount: Int.max) == 12)
    }

    @Test func aThousandArticlesMadeTogetherGetShortDistinctIdsThatResolve() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let batch = articles(1_000, seed: 11)
        _ = try store.addBatch(batch)
        let ids = batch.map(\.id)
        let shortIDs = try store.shortIDs(ids)
        let shown = ids.map { shortIDs[$0] ?? "" }
        #expect(Set(shown).count == 1_000)
        for (id, short) in zip(ids, shown) {
            #expect(EntityID.tail(of: id).hasPrefix(short))
            #expect(try store.resolveArticleID(short) == id)
            #expect(try store.resolveArticleID(short.uppercased()) == id)
        }
        let lengths = shown.map(\.count)
        #expect(lengths.min() == 4)
        #expect(lengths.max() ?? 99 <= 6)
        // Most need no more than the library's length: far fewer than 12 digits of prefix.
        #expect(lengths.filter { $0 == 4 }.count > 800)
        // A full id and a unique prefix of it still work.
        #expect(try store.resolveArticleID(ids[0]) == ids[0])
        let fullPrefix = String(ids[0].prefix(30))
        #expect(try store.resolveArticleID(fullPrefix) == ids[0])
    }

    @Test func whatAddPrintedStillResolvesAfterAThousandMoreAdds() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        var generator = SplitMix64(seed: 99)
        let first = Article(id: EntityID.make(at: Date(), using: &generator), title: "First", content: "The first article.")
        _ = try store.add(first)
        let printed = try #require(try store.shortIDs([first.id])[first.id])
        #expect(printed.count == 4)
        _ = try store.addBatch(articles(1_000, seed: 5))
        #expect(try store.resolveArticleID(printed) == first.id)
        // Deterministically: when a later tail shares the printed digits, the error names the
        // longer short ids, and each of those resolves.
        let twin = Article(
            id: String(first.id.prefix(24)) + String(EntityID.tail(of: first.id).prefix(5))
                + (EntityID.tail(of: first.id).dropFirst(5).first == "0" ? "1" : "0") + "000000",
            title: "Twin", content: "Shares five digits of the first one's tail.")
        _ = try store.add(twin)
        do {
            _ = try store.resolveArticleID(printed)
            Issue.record("\(printed) should be ambiguous now")
        } catch {
            guard case .ambiguousID(_, let candidates) = error else { throw error }
            #expect(candidates.count == 2)
            #expect(Set(try candidates.map { try store.resolveArticleID($0) }) == [first.id, twin.id])
            #expect(candidates.allSatisfy { $0.count == 6 })
        }
        let now = try store.shortIDs([first.id, twin.id])
        #expect(now[first.id]?.count == 6 && now[twin.id]?.count == 6)
        #expect(now[first.id] != now[twin.id])
    }

    @Test func notesShareTheSpaceAndATailTwinShowsTheFullID() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let article = Article(title: "A", content: "Some text.")
        _ = try store.add(article)
        let twin = Note(
            id: String(EntityID.make().prefix(24)) + EntityID.tail(of: article.id), articleID: nil, body: "Same tail as the article.")
        _ = try store.addBatch([], notes: [twin])
        let shortIDs = try store.shortIDs([article.id, twin.id])
        #expect(shortIDs[article.id] == article.id)
        #expect(shortIDs[twin.id] == twin.id)
        #expect(try store.resolveArticleID(EntityID.tail(of: article.id)) == article.id)
        #expect(try store.resolveNoteID(EntityID.tail(of: article.id)) == twin.id)
    }

    @Test func resolvingAndNeighboursUseTheTailIndexes() throws {
        let temporary = try TemporaryStore()
        let details = try temporary.store.read { db in
            try ["article", "note"].map { table in
                try Row.fetchAll(
                    db,
                    sql: "EXPLAIN QUERY PLAN SELECT id FROM \(table) WHERE substr(id, 25) >= ? AND substr(id, 25) < ?",
                    arguments: ["ab", "ab\u{7F}"]
                ).map { $0["detail"] as String? ?? "" }.joined(separator: " ")
            }
        }
        #expect(details[0].contains("article_id_tail"))
        #expect(details[1].contains("note_id_tail"))
    }
}
