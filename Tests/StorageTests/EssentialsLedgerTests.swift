import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// The digest of what a store's items are now (docs/sync-protocol.md, "Compaction"): kept up
/// to date transaction by transaction, equal to the one counted again, and started from the
/// whole store when a store of the previous version is opened.
@Suite struct EssentialsLedgerTests {
    /// Every change the store knows, its own and the merged ones.
    static func allChanges(_ store: Store) throws -> [Change] {
        try store.read { db in
            try Change.fetchAll(db, sql: "SELECT * FROM change")
                + Change.fetchAll(
                    db,
                    sql: "SELECT 0 AS sequence, entity, entityID, operation, field, \(ContentInRow.valueSQL) AS value, timestamp FROM remoteChange")
        }
    }

    /// Edits of every kind on one device, and changes merged from another.
    static func work(on store: Store) throws {
        let article = makeArticle("First", content: "Some text.", tags: ["news"])
        _ = try store.add(article)
        for title in ["Second", "Third", "Fourth"] {
            var edit = ArticleEdit()
            edit.title = title
            _ = try store.edit(articleID: article.id, edit)
        }
        var tags = ArticleEdit()
        tags.removeTags = ["news"]
        tags.addTags = ["later"]
        _ = try store.edit(articleID: article.id, tags)
        let note = Note(articleID: article.id, body: "one")
        try store.add(note)
        for body in ["one\ntwo", "one\ntwo\nthree"] {
            var edit = NoteEdit()
            edit.body = body
            _ = try store.edit(noteID: note.id, edit)
        }
        let purged = makeArticle("Gone", content: "Soon gone.")
        _ = try store.add(purged)
        try store.purge(articleID: purged.id)
        // From another device: a later title, and an article of its own.
        let other = "01900000-0000-7000-8000-00000000000b"
        let remote = [
            Change(
                entity: .article, entityID: article.id, operation: .update, field: "title", value: "\"From b\"",
                timestamp: HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000) + 5000, counter: 0, deviceID: other)),
            Change(
                entity: .article, entityID: EntityID.make(), operation: .create,
                value: try FolioJSON.string(makeArticle("Remote", content: "Made on b.")),
                timestamp: HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000) + 6000, counter: 0, deviceID: other)),
        ]
        try store.applyRemote(remote)
    }

    @Test func theRunningDigestOfTheItemsEqualsOneCountedAgain() throws {
        let temporary = try TemporaryStore()
        try Self.work(on: temporary.store)
        let running = try temporary.store.libraryDigest()
        let recomputed = try temporary.store.libraryDigest(recomputed: true)
        #expect(running == recomputed)
        let expected = LibraryDigest.essentials(of: try Self.allChanges(temporary.store)).digest()
        #expect(running.currentArticles == expected.articles)
        #expect(running.currentNotes == expected.notes)
        // Three articles (one purged: its tombstone only), one note with one head.
        #expect(running.currentArticles?.count ?? 0 < running.articles.count)
        #expect(running.currentNotes?.count == 2)  // the note's snapshot (its other fields) and its head
    }

    /// A store written before the ledger existed (schema v17) opens, and the ledger is counted
    /// from all its changes; nothing else changes.
    @Test func aStoreOfThePreviousVersionGetsItsLedgerWhenOpened() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        var before: (digest: LibraryDigest, articles: [Article], notes: [Note], changes: Int)
        do {
            let store = try Store(path: path)
            try Self.work(on: store)
            before = (
                try store.libraryDigest(), try store.articles(matching: ArticleFilter()), try store.allNotes(),
                try Self.allChanges(store).count
            )
        }
        // As the previous version left it: no ledger, and v18 not applied.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE itemDigest;
                    DELETE FROM meta WHERE key IN ('currentArticles', 'currentNotes');
                    DELETE FROM grdb_migrations WHERE identifier = 'v18-current-digest';
                    """)
        }
        try queue.close()

        let store = try Store(path: path)
        let after = try store.libraryDigest()
        #expect(after == before.digest)
        #expect(after == (try store.libraryDigest(recomputed: true)))
        #expect(try store.articles(matching: ArticleFilter()) == before.articles)
        #expect(try store.allNotes() == before.notes)
        #expect(try Self.allChanges(store).count == before.changes)
    }
}
