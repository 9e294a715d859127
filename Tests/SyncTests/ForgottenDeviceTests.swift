import Foundation
import Models
import Testing

@testable import Storage
@testable import Sync

/// A device the server forgot (`folio-server device forget`, or unseen for the horizon) no
/// longer holds compaction back; when it comes back with what it held then, nothing it had is
/// lost and every device ends showing the same library (docs/sync-protocol.md, "A device that
/// comes back").
@Suite struct ForgottenDeviceTests {
    /// Syncs each device in turn, `rounds` times.
    static func syncAll(_ pairs: [(Device, InMemoryDeviceLink)], rounds: Int = 2) async throws {
        for _ in 0..<rounds {
            for (device, link) in pairs { _ = try await device.engine(link).sync() }
        }
    }

    /// b edits an article a purged while the server had forgotten b: the article comes back
    /// (a later write undoes a purge) with everything b had of it, on both devices.
    @Test func aWriteToAnArticlePurgedWhileTheDeviceWasForgottenBringsItBackWhole() async throws {
        let service = InMemorySyncService(compactionStep: 8)
        let (a, b) = (try Device(), try Device())
        let (linkA, linkB) = (InMemoryDeviceLink(service: service, store: a.store), InMemoryDeviceLink(service: service, store: b.store))
        let article = Article(title: "Alpha", content: "Words worth keeping", tags: ["t1"])
        try a.store.add(article)
        try await Self.syncAll([(a, linkA), (b, linkB)])
        await service.forget(device: try b.store.deviceID())
        try a.store.purge(articleID: article.id)
        try await Self.syncAll([(a, linkA)], rounds: 3)
        await service.compact()
        #expect(await service.log.changes.filter { $0.change.entityID == article.id }.count == 1, "only the purge stays on the server")
        var edit = ArticleEdit()
        edit.starred = true
        _ = try b.store.edit(articleID: article.id, edit)
        let summary = try await b.engine(linkB).sync()
        #expect(summary.rejoin?.sentBack == 1, "b sends back the article's creation, which only it still holds")
        #expect(await service.log.changes.filter { $0.change.entityID == article.id }.count == 3)
        try await Self.syncAll([(a, linkA), (b, linkB)])
        let shownOnA = try #require(try a.library().articles.first { $0.id == article.id }, "b's later write brings the article back")
        #expect(shownOnA.content == "Words worth keeping")
        #expect(shownOnA.title == "Alpha")
        #expect(shownOnA.starred)
        #expect(try a.library() == b.library())
    }

    /// Three devices: a saves a tagged article; the server forgets c; b removes the tag, purges
    /// the article and syncs with a (a compacting after its syncs or not) until the purge is
    /// settled, and the server compacts: it keeps only the purge. c then stars the article,
    /// which brings it back as c held it (tagged).
    struct PurgedWhileCWasForgotten {
        let service = InMemorySyncService(compactionStep: 8)
        let a: Device
        let b: Device
        let c: Device
        let links: [InMemoryDeviceLink]
        let article = Article(title: "Alpha", content: "Words worth keeping", tags: ["t1"])
        /// a's syncs before c's star.
        var aSyncs: SyncEngine

        init(aCompacts: Bool) async throws {
            (a, b, c) = (try Device(), try Device(), try Device())
            links = [a, b, c].map { [service] in InMemoryDeviceLink(service: service, store: $0.store) }
            aSyncs = a.engine(links[0])
            if !aCompacts { aSyncs.compactionStep = 0 }
            try a.store.add(article)
            try await ForgottenDeviceTests.syncAll([(a, links[0]), (b, links[1]), (c, links[2])])
            await service.forget(device: try c.store.deviceID())
            var untag = ArticleEdit()
            untag.removeTags = ["t1"]
            _ = try b.store.edit(articleID: article.id, untag)
            try b.store.purge(articleID: article.id)
            for _ in 0..<3 {
                _ = try await aSyncs.sync()
                _ = try await b.engine(links[1]).sync()
            }
            await service.compact()
        }

        /// c stars the article and syncs, then a (as before), then every device.
        func cStarsTheArticle() async throws {
            var star = ArticleEdit()
            star.starred = true
            _ = try c.store.edit(articleID: article.id, star)
            _ = try await c.engine(links[2]).sync()
            _ = try await aSyncs.sync()
            try await ForgottenDeviceTests.syncAll([(b, links[1]), (c, links[2]), (a, links[0])])
        }

        /// Every device shows the article as c held it, starred.
        func expectTheSameEverywhere() throws {
            let shownOnA = try #require(try a.library().articles.first { $0.id == article.id }, "c's later write brings the article back")
            #expect(shownOnA.tags == ["t1"])
            #expect(shownOnA.starred)
            #expect(try a.library() == b.library())
            #expect(try a.library() == c.library())
        }
    }

    /// a made the article, and its own creation goes with the rest: kept, with the tag's
    /// removal merged from b, a alone showed the article untagged (simulation seed 736179).
    @Test func anArticleBroughtBackShowsTheSameOnItsAuthorsDevice() async throws {
        let story = try await PurgedWhileCWasForgotten(aCompacts: true)
        #expect(try NoteVersionsOnDevicesTests.held(story.a, story.article.id) == 1, "a keeps only the purge, its own creation included")
        try await story.cStarsTheArticle()
        try story.expectTheSameEverywhere()
    }

    /// The same, when a's compaction had not reached the article before c's star came (it goes
    /// round a library 200 items a sync): a compacts the article before it stores the page
    /// that brings it back.
    @Test func anArticleBroughtBackBeforeTheAuthorCompactedItShowsTheSame() async throws {
        let story = try await PurgedWhileCWasForgotten(aCompacts: false)
        #expect(
            try NoteVersionsOnDevicesTests.held(story.a, story.article.id) == 3, "a still holds its creation, the tag's removal and the purge")
        try await story.cStarsTheArticle()
        try story.expectTheSameEverywhere()
    }

    /// Two devices that hold a note; the server forgets b, a edits the note five times and
    /// syncs until every version is settled, and the server compacts: it keeps the note's last
    /// version and its creation without the first body.
    struct ForgottenWhileANoteWasEdited {
        let service = InMemorySyncService(compactionStep: 8)
        let a: Device
        let b: Device
        let linkA: InMemoryDeviceLink
        let linkB: InMemoryDeviceLink
        let note: Note

        init() async throws {
            (a, b) = (try Device(), try Device())
            (linkA, linkB) = (InMemoryDeviceLink(service: service, store: a.store), InMemoryDeviceLink(service: service, store: b.store))
            let article = Article(title: "Alpha", content: "Text")
            try a.store.add(article)
            note = Note(articleID: article.id, body: "line 0\nkeep\nend")
            try a.store.add(note)
            try await ForgottenDeviceTests.syncAll([(a, linkA), (b, linkB)])
            await service.forget(device: try b.store.deviceID())
            for version in 1...5 { try NoteVersionsOnDevicesTests.edit(a, note, body: "line \(version)\nkeep\nend") }
            try await ForgottenDeviceTests.syncAll([(a, linkA)], rounds: 3)
            await service.compact()
        }
    }

    /// b, forgotten, held older versions of a note that a edited on and the server compacted;
    /// b pulls again without editing: both devices show the same note, with no conflict.
    @Test func aForgottenDeviceThatHeldOlderNoteVersionsShowsWhatOthersShow() async throws {
        let story = try await ForgottenWhileANoteWasEdited()
        let summary = try await story.b.engine(story.linkB).sync()
        #expect(summary.rejoin?.dropped == 1, "b drops the note's first body, which the server took out of its creation")
        try await Self.syncAll([(story.a, story.linkA), (story.b, story.linkB)])
        let onB = try #require(try story.b.library().notes.first { $0.id == story.note.id })
        #expect(onB.body == "line 5\nkeep\nend")
        #expect(!onB.hasConflict)
        #expect(try story.a.library() == story.b.library())
    }

    /// b, forgotten, edits a note whose versions the server compacted meanwhile: b's edit is
    /// kept (merged, or as a conflict) on both devices, which agree.
    @Test func anEditOnAVersionCompactedAwayIsKeptEverywhere() async throws {
        let story = try await ForgottenWhileANoteWasEdited()
        try NoteVersionsOnDevicesTests.edit(story.b, story.note, body: "line 0\nkeep\nend from b")
        try await Self.syncAll([(story.b, story.linkB), (story.a, story.linkA), (story.b, story.linkB)])
        let onA = try #require(try story.a.library().notes.first { $0.id == story.note.id })
        let texts = [onA.body] + onA.conflicts.map(\.body)
        #expect(texts.contains { $0.hasSuffix("end from b") }, "b's words are kept")
        #expect(texts.contains { $0.hasPrefix("line 5") }, "a's words are kept")
        #expect(try story.a.library() == story.b.library())
    }
}
