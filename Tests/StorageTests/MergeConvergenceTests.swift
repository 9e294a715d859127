import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

/// Stores that exchange their change logs (as sync will, through a server that hands every
/// device all changes, its own included) end with the same library.
@Suite struct MergeConvergenceTests {
    /// Every change this device made.
    func changes(of store: Store) throws -> [Change] {
        try store.unsyncedChanges(limit: 1_000_000)
    }

    /// The whole library, every field (`updatedAt` included), sorted by id.
    func library(_ store: Store) throws -> LibrarySnapshot { try LibrarySnapshot(store) }

    /// Gives every store every change made on any of them.
    func exchange(_ stores: [TemporaryStore]) throws {
        let all = try stores.flatMap { try changes(of: $0.store) }
        for device in stores { try device.store.applyRemote(all) }
    }

    @Test func concurrentEditsToDifferentFieldsBothSurviveOnBothDevices() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Original", content: "Some text.", tags: ["news"])
        try a.store.add(article)
        try b.store.applyRemote(try changes(of: a.store))
        #expect(try b.store.article(id: article.id).title == "Original")
        var titleEdit = ArticleEdit()
        titleEdit.title = "Edited on A"
        titleEdit.addTags = ["russia"]
        try a.store.edit(articleID: article.id, titleEdit)
        var starEdit = ArticleEdit()
        starEdit.starred = true
        starEdit.removeTags = ["news"]
        try b.store.edit(articleID: article.id, starEdit)
        try exchange([a, b])
        for device in [a, b] {
            let merged = try device.store.article(id: article.id)
            #expect(merged.title == "Edited on A")
            #expect(merged.starred)
            #expect(merged.tags == ["russia"])
        }
        #expect(try library(a.store) == library(b.store))
    }

    @Test func aNoteArrivingBeforeItsArticleWaitsForIt() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Base", content: "A passage to quote.")
        try a.store.add(article)
        let note = Note(articleID: article.id, quote: "passage", body: "mine")
        try a.store.add(note)
        let all = try changes(of: a.store)
        try b.store.applyRemote(all.filter { $0.entity == .note })
        #expect(throws: StoreError.self) { try b.store.note(id: note.id) }
        try b.store.applyRemote(all.filter { $0.entity == .article })
        #expect(try b.store.note(id: note.id) == a.store.note(id: note.id))
    }

    @Test func applyingTheSameChangesAgainChangesNothing() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        try a.store.add(makeArticle("One", content: "x"))
        let all = try changes(of: a.store)
        #expect(try b.store.applyRemote(all) == RemoteApplyResult(stored: 1, known: 0, itemsChanged: 1, itemsInBulk: 1))
        #expect(try b.store.applyRemote(all) == RemoteApplyResult(stored: 0, known: 1, itemsChanged: 0))
        #expect(try a.store.applyRemote(all) == RemoteApplyResult(stored: 0, known: 1, itemsChanged: 0))
        #expect(try b.store.unsyncedChanges().isEmpty, "merged changes are not the device's to push")
    }

    @Test func anEditRacingAPurgeComesBackInTheTrash() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Doomed", content: "x")
        try a.store.add(article)
        try exchange([a, b])
        try a.store.purge(articleID: article.id)
        Thread.sleep(forTimeInterval: 0.002)  // B's edit is later by the clock, not a race in the code
        var edit = ArticleEdit()
        edit.title = "Still needed"
        try b.store.edit(articleID: article.id, edit)
        try exchange([a, b])
        for device in [a, b] {
            let back = try device.store.article(id: article.id)
            #expect(back.title == "Still needed")
            #expect(back.isTrashed)
        }
    }

    /// Found by the simulation (seed 2): clearing a field logged no value at all, which the
    /// merge ignored and the server rejected, so the other devices kept the old value.
    @Test func clearingAFieldSyncsAsNull() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let article = Article(url: "https://example.com/a", title: "T", byline: "Ann", publishedAt: Date(timeIntervalSince1970: 0), content: "x")
        let note = Note(articleID: article.id, quote: "x", body: "n")
        try a.store.add(article)
        try a.store.add(note)
        try exchange([a, b])
        var edit = ArticleEdit()
        edit.url = .some(nil)
        edit.byline = .some(nil)
        edit.site = .some(nil)
        edit.publishedAt = .some(nil)
        try a.store.edit(articleID: article.id, edit)
        var noteEdit = NoteEdit()
        noteEdit.quote = .some(nil)
        try a.store.edit(noteID: note.id, noteEdit)
        let cleared = try changes(of: a.store).filter { $0.operation == .update }
        #expect(cleared.map(\.field) == ["url", "byline", "site", "publishedAt", "quote"])
        #expect(cleared.allSatisfy { $0.value == "null" && SyncLog.problem(with: $0) == nil })
        try exchange([a, b])
        #expect(try library(b.store) == library(a.store))
        let merged = try b.store.article(id: article.id)
        #expect(merged.url == nil && merged.normalizedURL == nil && merged.byline == nil && merged.site == nil && merged.publishedAt == nil)
        #expect(try b.store.note(id: note.id).quote == nil)
    }

    /// Found by the simulation (seed 12): lowering the progress showed the lower value until
    /// the next sync, which brought the maximum back (progress merges as the maximum).
    @Test func loweringTheProgressLocallyKeepsTheMaximumAsTheMergeDoes() throws {
        let temporary = try TemporaryStore()
        let article = Article(title: "T", content: "x", progress: 0.5)
        try temporary.store.add(article)
        var edit = ArticleEdit()
        edit.progress = 0.25
        #expect(try temporary.store.edit(articleID: article.id, edit).progress == 0.5)
        #expect(try changes(of: temporary.store).count == 1, "nothing to sync")
        edit.progress = 0.75
        #expect(try temporary.store.edit(articleID: article.id, edit).progress == 0.75)
        try temporary.store.applyRemote(try changes(of: temporary.store))
        #expect(try temporary.store.article(id: article.id).progress == 0.75)
    }

    /// A purge merged from another device removed the article's notes, which did not come
    /// back when a later edit brought the article back: the device that purged had the note
    /// (it waited for the article), the others not.
    @Test func theNotesOfAPurgedArticleComeBackWithIt() throws {
        let (a, b, c) = (try TemporaryStore(), try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Doomed", content: "x")
        try a.store.add(article)
        try exchange([a, b, c])
        let note = Note(articleID: article.id, body: "kept")
        try b.store.add(note)  // A never hears of it before its purge
        try a.store.purge(articleID: article.id)
        Thread.sleep(forTimeInterval: 0.002)  // C's edit is later by the clock than the purge
        var edit = ArticleEdit()
        edit.title = "Still needed"
        try c.store.edit(articleID: article.id, edit)
        // B merges the purge (the article goes, its note with it), then C's later edit (the
        // article comes back, in the trash): the note must come back too.
        try b.store.applyRemote(try changes(of: a.store))
        try b.store.applyRemote(try changes(of: c.store))
        try a.store.applyRemote(try changes(of: b.store) + changes(of: c.store))
        #expect(try a.store.note(id: note.id).body == "kept")
        #expect(try library(b.store) == library(a.store))
    }

    /// Random work on three devices with partial exchanges between them; after a full
    /// exchange every device holds the same library.
    @Test(arguments: 0..<12)
    func randomHistoriesConverge(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let devices = try (0..<3).map { _ in try TemporaryStore() }
        for _ in 0..<40 {
            let device = devices[random.below(devices.count)].store
            try randomOperation(on: device, &random)
            if random.chance(20) {
                let from = devices[random.below(devices.count)].store
                let to = devices[random.below(devices.count)].store
                try to.applyRemote(try changes(of: from))
            }
        }
        try exchange(devices)
        let reference = try library(devices[0].store)
        for device in devices.dropFirst() {
            #expect(try library(device.store) == reference, "seed \(seed)")
        }
    }

    func randomOperation(on store: Store, _ random: inout SplitMix64) throws {
        let articles =
            try store.articles(matching: ArticleFilter())
            + store.articles(
                matching: {
                    var f = ArticleFilter()
                    f.trashed = true
                    return f
                }())
        let notes = try store.notes() + store.notes(trashed: true)
        guard let article = random.pick(articles), random.below(8) != 0 else {
            try store.add(makeArticle("Article \(random.below(1000))", content: "Words \(random.below(1000)) here.", tags: ["t\(random.below(3))"]))
            return
        }
        var edit = ArticleEdit()
        switch random.below(9) {
        case 0: edit.title = "Title \(random.below(100))"
        case 1: edit.starred = random.chance(50)
        case 2: edit.progress = Double(random.below(11)) / 10
        case 3: edit.addTags = ["t\(random.below(3))"]
        case 4: edit.removeTags = ["t\(random.below(3))"]
        case 5:
            if article.isTrashed { try store.restore(articleID: article.id) } else { try store.trash(articleID: article.id) }
            return
        case 6:
            if random.chance(30) { try store.purge(articleID: article.id) }
            return
        case 7:
            try store.add(Note(articleID: article.id, body: "note \(random.below(100))"))
            return
        default:
            guard let note = random.pick(notes) else { return }
            var noteEdit = NoteEdit()
            noteEdit.body = "edited \(random.below(100))"
            try store.edit(noteID: note.id, noteEdit)
            return
        }
        try store.edit(articleID: article.id, edit)
    }
}
