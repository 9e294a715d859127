import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// A device compacts its change log (`Store.compact`): every item rebuilds the same, nothing
/// not yet pushed goes, and a dropped change that comes again is known.
@Suite struct StoreCompactionTests {
    /// Every item the store knows, rebuilt from its changes, as text.
    static func rebuilt(_ store: Store) throws -> [String] {
        try store.read { db in
            let items = try Row.fetchAll(
                db, sql: "SELECT entity, entityID FROM change UNION SELECT entity, entityID FROM remoteChange ORDER BY entityID")
            return try items.map { row in
                let id: String = row["entityID"]
                let state = try Store.mergedState(db, id: id)
                return row["entity"] == Change.Entity.article.rawValue ? "\(state.article(id: id))" : "\(state.note(id: id))"
            }
        }
    }

    static func changeCounts(_ store: Store) throws -> (own: Int, remote: Int) {
        try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM change") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM remoteChange") ?? 0)
        }
    }

    @Test func everyItemRebuildsTheSameAfterCompaction() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try EssentialsLedgerTests.work(on: store)
        try store.markPushed(through: try store.lastChangeSequence())
        let before = try Self.rebuilt(store)
        let digest = try store.libraryDigest()
        let articles = try store.articles(matching: ArticleFilter())
        let notes = try store.allNotes()
        let counts = try Self.changeCounts(store)

        let report = try store.compact()
        // The two titles this device overwrote itself; the creation kept without its title
        // and tags (the later ones are known). The other device's title stays: this device's
        // own changes are what a server that lost its data gets back.
        #expect(report.changesDropped >= 2)
        #expect(report.changesRewritten >= 1)
        #expect(report.bytesFreed > 0)
        #expect(try Self.changeCounts(store).own == counts.own - report.changesDropped)
        #expect(try Self.rebuilt(store) == before)
        #expect(try store.articles(matching: ArticleFilter()) == articles)
        #expect(try store.allNotes() == notes)
        // Both digests stay as they were, and equal to the ones counted again.
        #expect(try store.libraryDigest() == digest)
        #expect(try store.libraryDigest(recomputed: true) == digest)
        // Note versions stay: another device may still edit from them.
        let noteID = try #require(notes.first?.id)
        #expect(try store.noteHistory(id: noteID).count == 3)
        // Nothing more to do.
        #expect(try store.compact().changesDropped == 0)
    }

    /// An index whose rows were edited many times holds their old entries and delete markers
    /// until its segments merge: `vacuum` merges them, and the index then finds the same.
    @Test func vacuumDropsWhatEditsLeftInTheSearchIndex() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let text = String(repeating: "The valley floods every spring, and the village moves its market uphill.\n\n", count: 30)
        var ids: [String] = []
        for index in 0..<20 {
            let article = makeArticle("Spring \(index)", content: text + "Harbour \(index).")
            try store.add(article)
            ids.append(article.id)
        }
        for round in 0..<8 {
            for id in ids {
                var edit = ArticleEdit()
                edit.title = "Spring, draft \(round)"
                try store.edit(articleID: id, edit)
            }
        }
        func indexBytes() throws -> Int {
            try store.read { db in try Int.fetchOne(db, sql: "SELECT sum(length(block)) FROM searchIndex_data") ?? 0 }
        }
        let queries = try ["valley", "draft", "spring", "harbour", "\"market uphill\""].map(SearchQuery.parse)
        let found = try queries.map { try store.search($0, limit: 50) }
        #expect(found.allSatisfy { !$0.isEmpty })
        let before = try indexBytes()
        try store.vacuum()
        let after = try indexBytes()
        #expect(after * 2 < before, "index \(before) → \(after) bytes")
        #expect(try queries.map { try store.search($0, limit: 50) } == found)
    }

    @Test func changesNotYetPushedAreKept() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try EssentialsLedgerTests.work(on: store)
        let counts = try Self.changeCounts(store)
        let before = try Self.rebuilt(store)
        let report = try store.compact()
        #expect(try Self.changeCounts(store).own == counts.own)
        // The other device's title was overwritten by none of this device's: it is kept too.
        #expect(report.changesDropped == 0)
        #expect(try Self.rebuilt(store) == before)
    }

    /// A merged change superseded by a later one goes; pulled again (a page read twice,
    /// `folio sync --verify`, or sent again for a device that rejoined), it is stored again,
    /// still loses, and the digests count it once; compaction drops it again.
    @Test func aCompactedMergedChangeThatComesAgainIsStoredAgainAndCountedOnce() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let article = makeArticle("Mine", content: "Text.")
        _ = try store.add(article)
        try store.markPushed(through: try store.lastChangeSequence())
        let other = "01900000-0000-7000-8000-00000000000b"
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let titles = (1...3).map { index in
            Change(
                entity: .article, entityID: article.id, operation: .update, field: "title", value: "\"From b \(index)\"",
                timestamp: HLCTimestamp(wallMillis: millis + Int64(index) * 1000, counter: 0, deviceID: other))
        }
        try store.applyRemote(titles)
        let digest = try store.libraryDigest()
        let report = try store.compact(itemLimit: 1)
        #expect(report.changesDropped == 2)
        #expect(try Self.changeCounts(store).remote == 1)
        let again = try store.applyRemote(titles)
        #expect(again.stored == 2)
        #expect(again.known == 1)
        #expect(try store.article(id: article.id).title == "From b 3")
        #expect(try store.libraryDigest() == digest)
        #expect(try store.libraryDigest(recomputed: true) == digest)
        #expect(try store.compact().changesDropped + store.compact().changesDropped == 2)
        #expect(try store.libraryDigest(recomputed: true) == digest)
    }

    /// `compact(itemLimit:)` goes a few items at a time, round and round.
    @Test func compactionGoesAFewItemsAtATime() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        for index in 0..<5 {
            let article = makeArticle("Title \(index)", content: "Text \(index).")
            _ = try store.add(article)
            for round in 1...2 {
                var edit = ArticleEdit()
                edit.title = "Edited \(index) \(round)"
                _ = try store.edit(articleID: article.id, edit)
            }
        }
        try store.markPushed(through: try store.lastChangeSequence())
        #expect(try store.compact(itemLimit: 2).changesDropped == 2)
        #expect(try store.compact(itemLimit: 2).itemsExamined == 2)
        #expect(try store.compact(itemLimit: 2).itemsExamined == 1)
        #expect(try Self.changeCounts(store).own == 10)
        // Round again from the start: nothing left to do.
        let again = try store.compact(itemLimit: 10)
        #expect(again.itemsExamined == 5)
        #expect(again.changesDropped == 0)
        #expect(try Self.changeCounts(store).own == 10)
    }
}
