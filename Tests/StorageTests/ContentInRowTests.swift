import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// A synced article's text is kept once, in its row: the merged creation keeps the rest of
/// its snapshot (`ContentInRow`). Whatever later happens to the row (a new text, a purge and a
/// later edit that brings the article back, compaction, an older store), every merge still
/// reads the creation's text as it came.
@Suite struct ContentInRowTests {
    /// A text longer than the rest of a snapshot, so that its copy shows in the store's size.
    static let text = String(repeating: "Rivers rose through the night.\n\nBy morning the old bridge was closed.\n\n", count: 20)

    /// A device that pulled one article, made on another device, in bulk or item by item.
    static func pulled(inBulk: Bool) throws -> (store: TemporaryStore, article: Article, changes: [Change]) {
        let (writer, reader) = (try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Floods", content: text, tags: ["weather"])
        try writer.store.add(article)
        let changes = try writer.store.unsyncedChanges(limit: 1000)
        try reader.store.applyRemote(changes, inBulk: inBulk)
        return (reader, article, changes)
    }

    /// The merged creation's stored row: whether its text was taken out, and what is left of it.
    static func storedCreation(_ store: Store, id: String) throws -> (inRow: Bool, storedText: String?, merged: String?) {
        try store.read { db in
            let row = try #require(
                try Row.fetchOne(
                    db,
                    sql:
                        "SELECT contentInRow, json_extract(value, '$.content') AS content FROM remoteChange WHERE entityID = ? AND operation = 'create'",
                    arguments: [id]))
            let merged = try Store.mergedState(db, id: id).fields["content"]?.value
            return (row["contentInRow"], row["content"], merged.flatMap { try? JSONDecoder().decode(String.self, from: Data($0.utf8)) })
        }
    }

    @Test(arguments: [true, false])
    func aPulledArticleKeepsItsTextOnlyInItsRow(inBulk: Bool) throws {
        let (reader, article, _) = try Self.pulled(inBulk: inBulk)
        let stored = try Self.storedCreation(reader.store, id: article.id)
        #expect(stored.inRow)
        #expect(stored.storedText == nil)
        #expect(stored.merged == Self.text)
        let left = try reader.store.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM remoteChange WHERE entityID = ? AND operation = 'create'", arguments: [article.id])
        }
        let members = try #require(left.flatMap(MergeRules.jsonFields))
        #expect(members["excerpt"] == nil && members["wordCount"] == nil && members["title"] == "\"Floods\"")
        #expect(try reader.store.article(id: article.id).content == Self.text)
        let size = try reader.store.read { db in
            try Int.fetchOne(db, sql: "SELECT sum(length(value)) FROM remoteChange WHERE entityID = ?", arguments: [article.id]) ?? 0
        }
        #expect(size < Self.text.utf8.count)
    }

    @Test func aPurgedArticleThatALaterEditBringsBackHasItsText() throws {
        let (reader, article, changes) = try Self.pulled(inBulk: true)
        try reader.store.purge(articleID: article.id)
        #expect(try !Self.storedCreation(reader.store, id: article.id).inRow)
        // The other device, which never saw the purge, retitles the article after it.
        let purgedAt = try #require(try reader.store.unsyncedChanges(limit: 1000).last?.timestamp)
        let edit = Change(
            entity: .article, entityID: article.id, operation: .update, field: "title", value: "\"Floods, updated\"",
            timestamp: HLCTimestamp(wallMillis: purgedAt.wallMillis + 1, counter: 0, deviceID: try #require(changes.first?.timestamp.deviceID)))
        try reader.store.applyRemote([edit])
        let back = try reader.store.article(id: article.id)
        #expect(back.title == "Floods, updated")
        #expect(back.content == Self.text)
        #expect(try reader.store.unreadableItems().isEmpty)
    }

    @Test func aNewTextPutsTheCreationsTextBackInItsChange() throws {
        let (reader, article, _) = try Self.pulled(inBulk: true)
        var edit = ArticleEdit()
        edit.content = "Refetched: the bridge reopened."
        try reader.store.edit(articleID: article.id, edit)
        let stored = try Self.storedCreation(reader.store, id: article.id)
        #expect(!stored.inRow)
        #expect(stored.storedText == Self.text)
        #expect(try reader.store.article(id: article.id).content == "Refetched: the bridge reopened.")
        #expect(stored.merged == "Refetched: the bridge reopened.")
    }

    /// Later changes to a pulled article's title and tags merge without its text read back
    /// out of the log (`Store.mergedStateLeavingRowText`): the row keeps its text, the creation
    /// stays without it, and the article is what the merge of every change in full makes; a
    /// later text from another device still wins over the row's.
    @Test func laterEditsFromElsewhereKeepTheRowsTextAndMergeAsInFull() throws {
        let (reader, article, changes) = try Self.pulled(inBulk: true)
        let deviceID = try #require(changes.first?.timestamp.deviceID)
        var wall = try #require(changes.last?.timestamp.wallMillis)
        func edit(_ field: String?, _ value: String, operation: Change.Operation = .update) -> Change {
            wall += 1
            return Change(
                entity: .article, entityID: article.id, operation: operation, field: field, value: value,
                timestamp: HLCTimestamp(wallMillis: wall, counter: 0, deviceID: deviceID))
        }
        func inFull() throws -> Article? {
            try reader.store.read { db in
                guard case .present(let merged) = Article.materialize(try Store.mergedState(db, id: article.id), id: article.id) else { return nil }
                return merged
            }
        }
        for (changes, title, tags) in [
            ([edit("title", "\"Floods, the morning after\"")], "Floods, the morning after", ["weather"]),
            ([edit(nil, "\"river\"", operation: .tagAdd), edit(nil, "\"weather\"", operation: .tagRemove)], "Floods, the morning after", ["river"]),
        ] {
            try reader.store.applyRemote(changes)
            let edited = try reader.store.article(id: article.id)
            #expect(edited.title == title)
            #expect(edited.tags == tags)
            #expect(edited.content == Self.text)
            #expect(edited.wordCount == article.wordCount && edited.excerpt == article.excerpt)
            #expect(try inFull() == edited)
            #expect(try Self.storedCreation(reader.store, id: article.id).inRow)
            #expect(try reader.store.libraryDigest(recomputed: true) == reader.store.libraryDigest())
        }

        try reader.store.applyRemote([edit("content", "\"Refetched: the bridge reopened.\"")])
        let refetched = try reader.store.article(id: article.id)
        #expect(refetched.content == "Refetched: the bridge reopened.")
        #expect(refetched.title == "Floods, the morning after")
        #expect(try inFull() == refetched)
        #expect(try Self.storedCreation(reader.store, id: article.id).storedText == Self.text)
    }

    /// A store of the previous version (whole snapshots, no `contentInRow` column) opens with
    /// nothing changed, and compaction then takes the text out.
    @Test func aPreviousVersionsStoreIsMigratedAndCompactionTakesTheTextOut() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let writer = try TemporaryStore()
        let article = makeArticle("Floods", content: Self.text)
        try writer.store.add(article)
        let digest: LibraryDigest
        do {
            let store = try Store(path: path)
            try store.applyRemote(try writer.store.unsyncedChanges(limit: 1000))
            digest = try store.libraryDigest()
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try ContentInRow.restore(db, articleID: article.id)
            try db.execute(
                sql: """
                    ALTER TABLE remoteChange DROP COLUMN contentInRow;
                    DELETE FROM grdb_migrations WHERE identifier = 'v20-content-in-row';
                    """)
        }
        try queue.close()

        let store = try Store(path: path)
        #expect(try Self.storedCreation(store, id: article.id).storedText == Self.text)
        #expect(try store.libraryDigest() == digest)
        let report = try store.compact()
        #expect(report.bytesFreed >= Self.text.utf8.count)
        let stored = try Self.storedCreation(store, id: article.id)
        #expect(stored.inRow && stored.storedText == nil && stored.merged == Self.text)
        #expect(try store.libraryDigest() == digest)
        #expect(try store.libraryDigest(recomputed: true) == digest)
    }
}
