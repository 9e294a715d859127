import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

@Suite struct ChangeLogTests {
    @Test func creatingAnArticleLogsItsSnapshotInTheSameTransaction() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("Talks", content: "Some text.")
        #expect(try temporary.store.add(article) == .added(article))
        let changes = try temporary.store.unsyncedChanges()
        #expect(changes.count == 1)
        #expect(changes[0].operation == .create)
        #expect(changes[0].entityID == article.id)
        let logged = try FolioJSON.decoder().decode(Article.self, from: Data((changes[0].value ?? "").utf8))
        #expect(logged == article)
    }

    @Test func editsLogOneEntryPerChangedFieldAndNothingForNoChange() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("Old title", content: "Text.", tags: ["a"])
        try temporary.store.add(article)
        var edit = ArticleEdit()
        edit.title = "New title"
        edit.starred = true
        edit.state = .unread  // unchanged
        edit.addTags = ["b", "a"]  // only b is new
        edit.removeTags = ["missing"]
        let updated = try temporary.store.edit(articleID: article.id, edit)
        #expect(updated.title == "New title")
        #expect(updated.tags == ["a", "b"])
        let changes = try temporary.store.changes(entityID: article.id).dropFirst()
        #expect(changes.map(\.operation) == [.update, .update, .tagAdd])
        #expect(changes.map(\.field) == ["title", "starred", nil])
        #expect(changes.map(\.value) == ["\"New title\"", "true", "\"b\""])
        let timestamps = changes.map(\.timestamp)
        #expect(timestamps == timestamps.sorted())
        // Setting the same values again records nothing.
        try temporary.store.edit(articleID: article.id, edit)
        #expect(try temporary.store.changes(entityID: article.id).count == 4)
    }

    @Test func aFailedWriteLeavesNeitherDataNorLog() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("A", content: "The quick brown fox.")
        try temporary.store.add(article)
        let before = try temporary.store.unsyncedChanges().count
        #expect(throws: StoreError.quoteNotFound(articleID: article.id)) {
            try temporary.store.add(Note(articleID: article.id, quote: "lazy dog", body: "n"))
        }
        #expect(try temporary.store.unsyncedChanges().count == before)
        #expect(try temporary.store.notes().isEmpty)
        // The rolled-back transaction left no gap in the log's sequence numbers, so the
        // unsynced count (a subtraction) stays exact.
        try temporary.store.add(Note(articleID: article.id, body: "kept"))
        #expect(try temporary.store.status().unsyncedChanges == before + 1)
        #expect(try temporary.store.unsyncedChanges().map(\.sequence) == Array(1...Int64(before + 1)))
    }

    @Test func aQuoteMatchesTheTextAsReadPastMarkdownMarks() {
        let markdown = "They rely on *loyal neighbours*, as [the council](https://example.com/a%28b%29) says, and a\\_b."
        #expect(Store.text(markdown, contains: "rely on loyal neighbours, as the council says"))
        #expect(Store.text(markdown, contains: "on *loyal neighbours*, as [the council](https://example.com/a%28b%29) says"))
        #expect(Store.text(markdown, contains: "and a_b."))
        #expect(!Store.text(markdown, contains: "loyal council"))
    }

    /// A passage selected across list items or quoted lines in the web reader comes without
    /// their bullets, numbers and `>`: it still matches the Markdown.
    @Test func aQuoteMatchesAcrossListItemsAndQuotedLines() {
        let markdown = "Before:\n\n- first item\n- second item\n\n1. one step\n2) two steps\n\n> a quoted line\n> and the next\n\n-5 degrees"
        #expect(Store.text(markdown, contains: "first item\nsecond item"))
        #expect(Store.text(markdown, contains: "Before: first item"))
        #expect(Store.text(markdown, contains: "one step two steps"))
        #expect(Store.text(markdown, contains: "a quoted line and the next"))
        #expect(Store.text(markdown, contains: "- second item"))
        #expect(Store.text(markdown, contains: "-5 degrees"))
        #expect(!Store.text(markdown, contains: "first item one step"))
    }

    @Test func anArticleAndItsNoteAreSavedTogetherOrNotAtAll() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("A", content: "The quick brown fox.")
        #expect(throws: StoreError.quoteNotFound(articleID: article.id)) {
            try temporary.store.add(article, note: Note(quote: "lazy dog", body: "n"))
        }
        #expect(try temporary.store.articles(matching: ArticleFilter()).isEmpty, "no article without its note")
        #expect(try temporary.store.unsyncedChanges().isEmpty)
        let note = Note(quote: "brown fox", body: "kept")
        #expect(try temporary.store.add(article, note: note) == .added(article))
        #expect(try temporary.store.notes().map(\.id) == [note.id])
        #expect(try temporary.store.notes().first?.articleID == article.id)
        #expect(try temporary.store.unsyncedChanges().count == 2)
    }

    @Test func changesAreStampedByTheClockAndDeviceIDTheStoreWasGiven() throws {
        let instant = Date(timeIntervalSince1970: 1_750_000_000.5)
        let temporary = try TemporaryStore()
        let path = temporary.path
        let store = try Store(path: path + ".clocked", configuration: StoreConfiguration(now: { instant }, deviceID: "device-a"))
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + ".clocked" + suffix) } }
        #expect(try store.deviceID() == "device-a")
        let article = makeArticle("Clocked", content: "x")
        try store.add(article)
        var edit = ArticleEdit()
        edit.starred = true
        let edited = try store.edit(articleID: article.id, edit)
        let wall: Int64 = 1_750_000_000_500
        #expect(
            try store.changes(entityID: article.id).map(\.timestamp) == [
                HLCTimestamp(wallMillis: wall, counter: 0, deviceID: "device-a"),
                HLCTimestamp(wallMillis: wall, counter: 1, deviceID: "device-a"),
            ])
        #expect(edited.updatedAt == instant)
        // A later change from another device moves the clock past it, whatever this wall clock says.
        let remote = Change(
            entity: .article, entityID: article.id, operation: .update, field: "title", value: "\"Later\"",
            timestamp: HLCTimestamp(wallMillis: wall + 60_000, counter: 4, deviceID: "device-b"))
        try store.applyRemote([remote])
        edit.starred = false
        try store.edit(articleID: article.id, edit)
        #expect(try store.changes(entityID: article.id).last?.timestamp == HLCTimestamp(wallMillis: wall + 60_000, counter: 6, deviceID: "device-a"))
        // An existing store keeps its device id.
        let reopened = try Store(path: path + ".clocked", configuration: StoreConfiguration(deviceID: "device-z"))
        #expect(try reopened.deviceID() == "device-a")
    }

    @Test func unsyncedChangesStopAtThePushedMark() throws {
        let temporary = try TemporaryStore()
        for index in 0..<5 { try temporary.store.add(makeArticle("A\(index)", content: "x")) }
        let all = try temporary.store.unsyncedChanges()
        try temporary.store.markPushed(through: all[2].sequence)
        #expect(try temporary.store.unsyncedChanges().map(\.sequence) == Array(all[3...].map(\.sequence)))
        #expect(try temporary.store.status().unsyncedChanges == 2)
    }
}

@Suite struct ArticleStoreTests {
    @Test func sameNormalizedURLIsADuplicate() throws {
        let temporary = try TemporaryStore()
        let first = makeArticle("One", content: "x", url: "https://Example.com/story?utm_source=feed#top")
        try temporary.store.add(first)
        let outcome = try temporary.store.add(makeArticle("Two", content: "y", url: "https://example.com:443/story"))
        #expect(outcome == .duplicate(existing: first))
        #expect(try temporary.store.articles(matching: ArticleFilter()).count == 1)
    }

    @Test func filtersByTagStateStarAndDate() throws {
        let temporary = try TemporaryStore()
        let old = Article(title: "Old", savedAt: Date(timeIntervalSince1970: 1_000_000), content: "x", tags: ["news"])
        let starred = Article(title: "Starred", content: "x", tags: ["news", "long"], starred: true)
        let archived = Article(title: "Archived", content: "x", state: .archived)
        for article in [old, starred, archived] { try temporary.store.add(article) }
        var filter = ArticleFilter()
        filter.tag = "NEWS"
        #expect(try temporary.store.articles(matching: filter).map(\.title) == ["Starred", "Old"])
        filter = ArticleFilter()
        filter.state = .archived
        #expect(try temporary.store.articles(matching: filter).map(\.title) == ["Archived"])
        filter = ArticleFilter()
        filter.starred = true
        #expect(try temporary.store.articles(matching: filter).map(\.title) == ["Starred"])
        filter = ArticleFilter()
        filter.savedSince = Date(timeIntervalSince1970: 2_000_000)
        #expect(Set(try temporary.store.articles(matching: filter).map(\.title)) == ["Starred", "Archived"])
    }

    @Test func trashRestoreAndPurgeAreLoggedAndPurgeTakesTheNotes() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("A", content: "Body text here.")
        try temporary.store.add(article)
        let note = Note(articleID: article.id, quote: "body  TEXT", body: "mine")
        try temporary.store.add(note)
        try temporary.store.trash(articleID: article.id)
        #expect(try temporary.store.articles(matching: ArticleFilter()).isEmpty)
        var trashed = ArticleFilter()
        trashed.trashed = true
        #expect(try temporary.store.articles(matching: trashed).map(\.id) == [article.id])
        #expect(throws: StoreError.self) { try temporary.store.trash(articleID: article.id) }
        try temporary.store.restore(articleID: article.id)
        #expect(try temporary.store.articles(matching: ArticleFilter()).map(\.id) == [article.id])
        try temporary.store.purge(articleID: article.id)
        #expect(throws: StoreError.notFound(kind: "article", id: article.id)) { try temporary.store.article(id: article.id) }
        #expect(throws: StoreError.notFound(kind: "note", id: note.id)) { try temporary.store.note(id: note.id) }
        let operations = try temporary.store.unsyncedChanges().map { "\($0.entity.rawValue):\($0.operation.rawValue)" }
        #expect(operations == ["article:create", "note:create", "article:trash", "article:restore", "note:purge", "article:purge"])
    }

    @Test func emptyTrashDeletesOnlyWhatIsInTheTrash() throws {
        let temporary = try TemporaryStore()
        let kept = makeArticle("Kept", content: "x")
        let gone = makeArticle("Gone", content: "x")
        try temporary.store.add(kept)
        try temporary.store.add(gone)
        let loose = Note(body: "standalone")
        try temporary.store.add(loose)
        try temporary.store.trash(articleID: gone.id)
        try temporary.store.trash(noteID: loose.id)
        let deleted = try temporary.store.emptyTrash()
        #expect(deleted.articles == 1 && deleted.notes == 1)
        #expect(try temporary.store.articles(matching: ArticleFilter()).map(\.id) == [kept.id])
    }

    @Test func progressOutOfRangeIsRefusedAndNothingChanges() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("A", content: "x")
        try temporary.store.add(article)
        var edit = ArticleEdit()
        edit.progress = 1.5
        #expect(throws: StoreError.self) { try temporary.store.edit(articleID: article.id, edit) }
        #expect(try temporary.store.article(id: article.id).progress == 0)
    }

    @Test func idPrefixesResolveWhenUniqueAndReportAmbiguity() throws {
        let temporary = try TemporaryStore()
        let first = Article(id: "0193a4b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b", title: "A", content: "x")
        let second = Article(id: "0193a4b2-7c2d-7e3f-8a9b-0c1d2e3f4a5b", title: "B", content: "x")
        try temporary.store.add(first)
        try temporary.store.add(second)
        #expect(try temporary.store.resolveArticleID("0193a4b27c1") == first.id)
        #expect(try temporary.store.resolveArticleID("0193A4B2-7C2") == second.id)
        #expect(throws: StoreError.self) { try temporary.store.resolveArticleID("0193a4b2") }
        #expect(throws: StoreError.notFound(kind: "article", id: "ffff")) { try temporary.store.resolveArticleID("ffff") }
        #expect(throws: StoreError.invalidID("zz%")) { try temporary.store.resolveArticleID("zz%") }
        // The two share their random tail, so no short id tells them apart: the full id is shown.
        #expect(try temporary.store.shortIDs([first.id])[first.id] == first.id)
        #expect(throws: StoreError.ambiguousID(prefix: "0c1d", candidates: [first.id, second.id])) {
            try temporary.store.resolveArticleID("0c1d")
        }
    }
}

@Suite struct OpeningTests {
    @Test func aStoreWrittenEarlierOpensAgainWithItsData() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("Persisted", content: "x")
        try temporary.store.add(article)
        let reopened = try Store(path: temporary.path)
        #expect(try reopened.article(id: article.id) == article)
        #expect(try reopened.deviceID() == temporary.store.deviceID())
    }

    @Test func aStoreFromTheFirstSchemaVersionIsUpgradedWithItsData() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v1-library")
        let article = makeArticle("Negotiations", content: "They were negotiating.")
        try old.write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('deviceID', 'old-device')")
            try article.insert(db)
        }
        try old.close()
        let store = try Store(path: path)
        #expect(try store.article(id: article.id) == article)
        #expect(try store.deviceID() == "old-device")
        #expect(try store.search(try SearchQuery.parse("negotiat*")).map(\.id) == [article.id])
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let garbage = Data("these are my precious notes, not a database\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notFolioDatabase(path: path)) { try Store(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func anotherSQLiteDatabaseIsRefusedAndLeftAlone() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/other.sqlite"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(x); INSERT INTO t VALUES (42)") }
        try queue.close()
        #expect(throws: StoreError.notFolioDatabase(path: path)) { try Store(path: path) }
        let check = try DatabaseQueue(path: path)
        #expect(try check.read { db in try Int.fetchOne(db, sql: "SELECT x FROM t") } == 42)
    }

    @Test func aStoreFromANewerFolioIsRefused() throws {
        let temporary = try TemporaryStore()
        let queue = try DatabaseQueue(path: temporary.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        try queue.close()
        #expect(throws: StoreError.newerVersion(path: temporary.path)) { try Store(path: temporary.path) }
    }

    @Test func theReadOnlyCheckKnowsEveryMigration() {
        #expect(Schema.migrationIdentifiers == Schema.migrator.migrations)
    }

    @Test func aStoreFromANewerFolioIsRefusedByAReadOnlyOpenToo() throws {
        let temporary = try TemporaryStore()
        let queue = try DatabaseQueue(path: temporary.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        try queue.close()
        #expect(throws: StoreError.newerVersion(path: temporary.path)) {
            try Store(path: temporary.path, configuration: StoreConfiguration(readOnly: true))
        }
    }

    @Test func aReadOnlyOpenOfAStoreThatNeedsMigratingMigratesIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v1-library")
        try old.close()
        _ = try Store(path: path, configuration: StoreConfiguration(readOnly: true))
        let check = try DatabaseQueue(path: path)
        let applied = try check.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == Schema.migrationIdentifiers)
    }

    @Test func aDamagedStoreIsReportedAsDamaged() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        do {
            let store = try Store(path: path)
            try store.add(makeArticle("A", content: "x"))
        }
        // Overwrite the schema area of page 1, keeping the header.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100)
        handle.write(Data(repeating: 0xA5, count: 3000))
        try handle.close()
        #expect(throws: StoreError.corrupt(path: path)) { try Store(path: path) }
    }

    @Test func aWriteWaitsForTheLockThenReportsBusy() throws {
        let temporary = try TemporaryStore()
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // this connection holds the lock across accesses
        let other = try DatabaseQueue(path: temporary.path, configuration: configuration)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        // The error names the wait it gave the other writer (no clock read here: CI is shared).
        #expect(throws: StoreError.busy(path: temporary.path, seconds: 0.2)) {
            try temporary.store.add(makeArticle("Blocked", content: "x"))
        }
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try temporary.store.add(makeArticle("After", content: "x"))
        #expect(try temporary.store.articles(matching: ArticleFilter()).map(\.title) == ["After"])
    }
}

@Suite struct ExportTests {
    @Test func exportThenImportIntoAnEmptyStoreGivesTheSameLibrary() throws {
        let source = try TemporaryStore()
        let article = makeArticle("A", content: "Text with a passage.", url: "https://example.com/a", tags: ["x"], published: "2024-05-06")
        try source.store.add(article)
        try source.store.add(Note(articleID: article.id, quote: "a passage", body: "note", tags: ["t"]))
        try source.store.add(Note(body: "standalone"))
        var edit = ArticleEdit()
        edit.progress = 0.5
        edit.starred = true
        try source.store.edit(articleID: article.id, edit)
        var articles: [Article] = []
        try source.store.forEachArticle { articles.append($0) }
        let exported = LibraryExport(articles: articles, notes: try source.store.allNotes())
        let data = try FolioJSON.encoder(pretty: true).encode(exported)
        let decoded = try LibraryExport.decode(data, source: "export.json")
        let target = try TemporaryStore()
        #expect(try target.store.addBatch(decoded.articles, notes: decoded.notes) == 1)
        var imported: [Article] = []
        try target.store.forEachArticle { imported.append($0) }
        #expect(imported == articles)
        #expect(try target.store.allNotes() == source.store.allNotes())
        // Importing again adds nothing.
        #expect(try target.store.addBatch(decoded.articles, notes: decoded.notes) == 0)
        #expect(try target.store.allNotes().count == 2)
    }

    @Test func otherJSONIsRefused() {
        #expect(throws: StoreError.self) { try LibraryExport.decode(Data("{\"a\": 1}".utf8), source: "x.json") }
        #expect(throws: StoreError.self) { try LibraryExport.decode(Data("not json".utf8), source: "x.json") }
    }
}
