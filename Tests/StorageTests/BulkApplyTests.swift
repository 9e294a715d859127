import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// A page of pulled changes about items a device knows nothing of is applied in bulk
/// (docs/sync-protocol.md, "Initial sync"): the store it makes is the one the item-by-item
/// merge makes from the same pages, row by row, digest by digest and index entry by index
/// entry, whatever the page size and whatever the device already held.
@Suite struct BulkApplyTests {
    /// A device id for the changes made outside the test's two devices.
    static let newerDevice = "01900000-0000-7000-8000-0000000000ff"

    /// Two devices' histories with every kind of change: titles edited several times, tags
    /// added, removed and added again, progress, stars, trash and restore, purged articles and
    /// notes, notes edited several times on both devices (a merge and a conflict), a note on
    /// an article in the trash and one on a purged article; then a change this version cannot
    /// read, an edit of an article whose creation never comes, and a note whose article never
    /// comes. Sorted by clock, as a server's log gives them.
    static func history() throws -> [Change] {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let first = makeArticle("First", content: "Markets rallied on Monday.", tags: ["news"])
        try a.store.add(first)
        for title in ["Second", "Third", "Fourth"] {
            var edit = ArticleEdit()
            edit.title = title
            try a.store.edit(articleID: first.id, edit)
        }
        for (add, remove) in [([] as [String], ["news"]), (["later"], []), (["news"], ["later"])] {
            try a.store.changeTags([.article(first.id)], add: add, remove: remove)
        }
        for progress in [0.3, 0.7, 0.5] {
            var edit = ArticleEdit()
            edit.progress = progress
            edit.starred = progress > 0.6
            try a.store.edit(articleID: first.id, edit)
        }
        let trashed = makeArticle("Trashed", content: "Harvest festival in the valley.")
        try a.store.add(trashed)
        let restored = makeArticle("Restored", content: "Ferries resume after the storm.", tags: ["travel"])
        try a.store.add(restored)
        let purged = makeArticle("Purged", content: "Glaciers retreat faster.")
        try a.store.add(purged)
        let text = "Intro\nFirst point\nSecond point\nClosing"
        let note = Note(articleID: first.id, quote: "rallied", body: text, tags: ["idea"])
        try a.store.add(note)
        for body in [text + "\nMore", text + "\nMore\nAnd more"] {
            var edit = NoteEdit()
            edit.body = body
            try a.store.edit(noteID: note.id, edit)
        }
        let onTrashed = Note(articleID: trashed.id, body: "valley notes", tags: ["todo"])
        try a.store.add(onTrashed)
        let onPurged = Note(articleID: purged.id, body: "glacier notes")
        try a.store.add(onPurged)
        let purgedNote = Note(articleID: restored.id, body: "soon purged")
        try a.store.add(purgedNote)
        let trashedNote = Note(articleID: restored.id, body: "ferry timetable")
        try a.store.add(trashedNote)
        try a.store.trash(.article(trashed.id))
        try a.store.trash(.article(restored.id))
        try a.store.restore(.article(restored.id))
        try a.store.trash(.note(trashedNote.id))
        try a.store.purge(noteID: purgedNote.id)
        try a.store.purge(articleID: purged.id)
        // The second device edits what it has from the first, and makes its own.
        try b.store.applyRemote(try a.store.unsyncedChanges(limit: 1_000_000))
        var fromA = NoteEdit()
        fromA.body = text.replacingOccurrences(of: "Second point", with: "Second point, as A sees it") + "\nMore\nAnd more"
        try a.store.edit(noteID: note.id, fromA)
        var fromB = NoteEdit()
        fromB.body = text.replacingOccurrences(of: "Second point", with: "Second point, as B sees it") + "\nMore\nAnd more"
        try b.store.edit(noteID: note.id, fromB)
        var title = ArticleEdit()
        title.title = "Fifth, from B"
        try b.store.edit(articleID: first.id, title)
        let own = makeArticle("From B", content: "Tides and moons.", tags: ["science"])
        try b.store.add(own)
        try b.store.add(Note(articleID: own.id, body: "moon notes"))
        var changes = try a.store.unsyncedChanges(limit: 1_000_000) + b.store.unsyncedChanges(limit: 1_000_000)
        changes.sort { $0.timestamp < $1.timestamp }
        // From a newer Folio and from items whose other changes never come.
        let last = try #require(changes.last?.timestamp)
        func stamp(_ step: Int64) -> HLCTimestamp {
            HLCTimestamp(wallMillis: last.wallMillis + step, counter: 0, deviceID: newerDevice)
        }
        var unreadable = try FolioJSON.string(makeArticle("Shelved", content: "From the future."))
        unreadable = unreadable.replacingOccurrences(of: "\"state\":\"unread\"", with: "\"state\":\"shelved\"")
        changes += [
            Change(entity: .article, entityID: EntityID.make(), operation: .create, value: unreadable, timestamp: stamp(1)),
            Change(entity: .article, entityID: EntityID.make(), operation: .update, field: "title", value: "\"Orphan\"", timestamp: stamp(2)),
            Change(
                entity: .note, entityID: EntityID.make(), operation: .create,
                value: try FolioJSON.string(Note(articleID: EntityID.make(), body: "waiting for ever")), timestamp: stamp(3)),
        ]
        return changes
    }

    /// What a store holds, for comparing two: every row a user sees, both digests (kept and
    /// counted again), every item's digest entry, the merged changes, the notes waiting and the
    /// items unreadable, the index's vocabulary and what searches find.
    struct Contents: Equatable {
        var library: LibrarySnapshot
        var digest: LibraryDigest
        var recomputedDigest: LibraryDigest
        var itemDigests: [String]
        var remoteChanges: [String]
        var waitingNotes: [String]
        var unreadableItems: [String]
        var vocabulary: [String]
        var searches: [[String]]

        init(_ store: Store) throws {
            library = try LibrarySnapshot(store)
            digest = try store.libraryDigest()
            recomputedDigest = try store.libraryDigest(recomputed: true)
            func rows(_ sql: String) throws -> [String] {
                try store.read { db in try Row.fetchAll(db, sql: sql).map { $0.description } }
            }
            itemDigests = try rows("SELECT * FROM itemDigest ORDER BY entityID")
            remoteChanges = try rows("SELECT * FROM remoteChange ORDER BY timestamp")
            waitingNotes = try rows("SELECT * FROM waitingNote ORDER BY noteID")
            unreadableItems = try rows("SELECT * FROM unreadableItem ORDER BY entityID")
            vocabulary = try rows("SELECT term, doc, cnt FROM searchVocabulary ORDER BY term")
            searches = try ["markets", "valley", "ferries", "glaciers", "moon", "sees", "idea", "news", "tides", "timetable"].map { word in
                try store.search(SearchQuery.parse(word), limit: 100).map { "\($0.kind) \($0.id)" }.sorted()
            }
        }
    }

    /// Applies `changes` in pages of `size`, in bulk or item by item; returns what each page did.
    static func apply(_ changes: [Change], pages size: Int, to store: Store, inBulk: Bool) throws -> [RemoteApplyResult] {
        try stride(from: 0, to: changes.count, by: size).map { start in
            let page = Array(changes[start..<min(changes.count, start + size)])
            return try store.applyRemote(page, cursor: "page-\(start)", inBulk: inBulk)
        }
    }

    /// The results without the count of items applied in bulk, which the reference leaves at 0.
    static func comparable(_ results: [RemoteApplyResult]) -> [RemoteApplyResult] {
        results.map { result in
            var result = result
            result.itemsInBulk = 0
            return result
        }
    }

    @Test(arguments: [1_000, 7, 3, 1])
    func aNewDeviceBuiltInBulkHoldsWhatTheItemByItemMergeBuilds(pageSize: Int) throws {
        let changes = try Self.history()
        let (bulk, reference) = (try TemporaryStore(), try TemporaryStore())
        let bulkResults = try Self.apply(changes, pages: pageSize, to: bulk.store, inBulk: true)
        let referenceResults = try Self.apply(changes, pages: pageSize, to: reference.store, inBulk: false)
        #expect(Self.comparable(bulkResults) == referenceResults)
        #expect(referenceResults.allSatisfy { $0.itemsInBulk == 0 })
        let bulkContents = try Contents(bulk.store)
        let referenceContents = try Contents(reference.store)
        #expect(bulkContents == referenceContents)
        // Not vacuous: the history has every kind of item in it, and searches find them.
        #expect(bulkContents.library.articles.count == 4)
        #expect(bulkContents.library.notes.count == 4)
        #expect(bulkContents.library.notes.contains { $0.hasConflict })
        #expect(bulkContents.library.articles.contains { $0.trashedAt != nil })
        #expect(bulkContents.waitingNotes.count == 1)
        #expect(bulkContents.unreadableItems.count == 1)
        // Searches find what is out of the trash, and nothing of what is in it or purged.
        #expect(bulkContents.searches.map(\.isEmpty) == [false, true, false, true, false, false, false, false, false, true])
        #expect(bulkContents.digest == bulkContents.recomputedDigest)
        #expect(try ItemCountsTests.kept(bulk.store) == ItemCountsTests.counted(bulk.store))
        #expect(try ItemCountsTests.kept(reference.store) == ItemCountsTests.counted(reference.store))
    }

    @Test func aPageOfItemsTheDeviceNeverSawTakesTheBulkPath() throws {
        let changes = try Self.history()
        let items = Set(changes.map(\.entityID))
        let device = try TemporaryStore()
        let result = try device.store.applyRemote(changes)
        // Every item is new to the device: none goes through the item-by-item merge.
        #expect(result.itemsInBulk == items.count)
        #expect(try device.store.applyRemote(changes).itemsInBulk == 0, "known items are merged, not inserted again")
    }

    /// Pulled by item (`PullOrder.item`), every item of every page is new to a new device, so
    /// every one takes the bulk path, and the store is the one the log's order builds item by
    /// item. In the log's order, items edited after their creation are merged again on later
    /// pages.
    @Test func pagesByItemTakeTheBulkPathForEveryItem() throws {
        let changes = try Self.history()
        var log = SyncLog(epoch: "e1")
        var sequences: [String: Int64] = [:]
        for change in changes {
            let device = change.timestamp.deviceID
            sequences[device, default: 0] += 1
            let answer = log.push(PushRequest(deviceID: device, mutations: [Mutation(deviceSequence: sequences[device] ?? 0, change: change)]))
            #expect(answer.results.map(\.status) == [.applied])
        }
        let (byItem, reference) = (try TemporaryStore(), try TemporaryStore())
        var cursor: String?
        var inBulk = 0
        var pages = 0
        repeat {
            let page = log.pull(after: cursor, limit: 3, order: .item)
            let result = try byItem.store.applyRemote(page.changes.map(\.change), cursor: page.cursor)
            #expect(result.itemsInBulk == Set(page.changes.map(\.change.entityID)).count, "page \(pages + 1)")
            inBulk += result.itemsInBulk
            pages += 1
            cursor = page.hasMore ? page.cursor : nil
        } while cursor != nil && pages < 1000
        #expect(inBulk == Set(changes.map(\.entityID)).count)
        _ = try Self.apply(changes, pages: 3, to: reference.store, inBulk: false)
        #expect(try Contents(byItem.store).library == Contents(reference.store).library)
        #expect(try byItem.store.libraryDigest() == reference.store.libraryDigest())
        // In the log's order the same pages leave some items to be merged again.
        let inLogOrder = try TemporaryStore()
        let results = try Self.apply(changes, pages: 3, to: inLogOrder.store, inBulk: true)
        let mergedAgain = zip(stride(from: 0, to: changes.count, by: 3), results).map { start, result in
            Set(changes[start..<min(changes.count, start + 3)].map(\.entityID)).count - result.itemsInBulk
        }
        #expect(mergedAgain.reduce(0, +) > 0)
    }

    @Test func aPageMixingKnownAndUnknownItemsMergesTheKnownOnesAndBulkAppliesTheRest() throws {
        let changes = try Self.history()
        // Two devices that start identical (same id, same clock) and hold part of the history,
        // edits of their own not pushed yet, and an item of their own.
        let clock = Date(timeIntervalSince1970: 1_900_000_000)
        let configuration = StoreConfiguration(now: { clock }, deviceID: "01900000-0000-7000-8000-0000000000aa")
        let (bulk, reference) = (try TemporaryStore(configuration: configuration), try TemporaryStore(configuration: configuration))
        let split = changes.count / 3
        let firstID = try #require(changes.first?.entityID)
        let local = makeArticle("Local only", content: "Written here, valley of our own.", tags: ["mine"])
        let localNote = Note(articleID: local.id, body: "a note of our own")
        for device in [bulk, reference] {
            try device.store.applyRemote(Array(changes[..<split]), inBulk: false)
            var edit = ArticleEdit()
            edit.title = "Renamed here"
            edit.addTags = ["local"]
            try device.store.edit(articleID: firstID, edit)
            try device.store.add(local)
            try device.store.add(localNote)
        }
        // The rest in one page: known items (merged with the device's edits) and new ones.
        let rest = Array(changes[split...])
        let bulkResult = try bulk.store.applyRemote(rest)
        let referenceResult = try reference.store.applyRemote(rest, inBulk: false)
        let known = Set(changes[..<split].map(\.entityID))
        let unknown = Set(rest.map(\.entityID)).subtracting(known)
        #expect(!unknown.isEmpty && !known.intersection(rest.map(\.entityID)).isEmpty, "the page mixes both")
        #expect(bulkResult.itemsInBulk == unknown.count)
        #expect(Self.comparable([bulkResult]) == [referenceResult])
        #expect(try Contents(bulk.store) == Contents(reference.store))
        #expect(try bulk.store.article(id: firstID).tags.contains("local"), "the device's edit merged with the page")
        #expect(try bulk.store.unsyncedChanges(limit: 100).count == reference.store.unsyncedChanges(limit: 100).count)
    }

    @Test func aNoteWaitingForAnArticleTheDeviceNeverSawAppearsWithIt() throws {
        let writer = try TemporaryStore()
        let article = makeArticle("Later", content: "The article comes second.")
        try writer.store.add(article)
        let note = Note(articleID: article.id, body: "the note comes first")
        try writer.store.add(note)
        let changes = try writer.store.unsyncedChanges(limit: 100)
        let (bulk, reference) = (try TemporaryStore(), try TemporaryStore())
        for (device, inBulk) in [(bulk, true), (reference, false)] {
            try device.store.applyRemote(changes.filter { $0.entity == .note }, inBulk: inBulk)
            try device.store.applyRemote(changes.filter { $0.entity == .article }, inBulk: inBulk)
        }
        #expect(try bulk.store.note(id: note.id).body == "the note comes first")
        #expect(try Contents(bulk.store) == Contents(reference.store))
    }
}
