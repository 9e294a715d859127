import Foundation
import GRDB
import Models
import Testing

@testable import Storage
@testable import Sync

/// Compaction on devices applies the rules that need every device's acknowledgement once the
/// server says what is settled (docs/sync-protocol.md, "Note versions on devices"): a note's
/// older versions go from every device, the devices still agree, and later edits merge.
@Suite struct NoteVersionsOnDevicesTests {
    /// The changes a store holds of one item, its own and merged.
    static func held(_ device: Device, _ id: String) throws -> Int {
        try device.store.read { db in
            try Int.fetchOne(
                db, sql: "SELECT (SELECT count(*) FROM change WHERE entityID = ?1) + (SELECT count(*) FROM remoteChange WHERE entityID = ?1)",
                arguments: [id]) ?? 0
        }
    }

    static func edit(_ device: Device, _ note: Note, body: String) throws {
        var edit = NoteEdit()
        edit.body = body
        try device.store.edit(noteID: note.id, edit)
    }

    @Test func settledNoteVersionsGoFromEveryDeviceAndLaterEditsStillMerge() async throws {
        let service = InMemorySyncService(compactionStep: 8)
        let (a, b) = (try Device(), try Device())
        let (linkA, linkB) = (InMemoryDeviceLink(service: service, store: a.store), InMemoryDeviceLink(service: service, store: b.store))
        let article = Article(title: "Alpha", content: "Text")
        try a.store.add(article)
        let note = Note(articleID: article.id, body: "line 0\nkeep\nend")
        try a.store.add(note)
        for version in 1...10 { try Self.edit(a, note, body: "line \(version)\nkeep\nend") }
        // The first round: the server knows both devices only once each has pulled, and has
        // their acknowledgements of the whole log only at their next pulls.
        _ = try await a.engine(linkA).sync()
        _ = try await b.engine(linkB).sync()
        try a.store.compact()
        try b.store.compact()
        #expect(try Self.held(a, note.id) == 11, "nothing is settled yet: every version stays")
        #expect(try Self.held(b, note.id) == 11)
        for _ in 0..<2 {
            _ = try await a.engine(linkA).sync()
            _ = try await b.engine(linkB).sync()
        }
        try a.store.compact()
        try b.store.compact()
        #expect(try Self.held(a, note.id) == 2, "the note's creation and its last version")
        #expect(try Self.held(b, note.id) == 2)
        #expect(try a.library() == b.library())
        // Edits made on both afterwards, of different lines, merge as before.
        try Self.edit(a, note, body: "line 10 from a\nkeep\nend")
        try Self.edit(b, note, body: "line 10\nkeep\nend from b")
        for device in [a, b, a] { _ = try await device.engine(device === a ? linkA : linkB).sync() }
        let merged = try #require(try a.library().notes.first { $0.id == note.id })
        #expect(merged.body == "line 10 from a\nkeep\nend from b")
        #expect(!merged.hasConflict)
        #expect(try a.library() == b.library())
    }

    /// A note created on a (which then edits its tags) and edited on b: once settled, both
    /// devices show b's last version, without a conflict, and agree. (The simulation's seed
    /// 602504, run by `SimulationTests.seedsThatFoundBugsConverge`, is the history where a
    /// showed a conflict: a's creation, alone the only head of a's own changes, stayed whole
    /// while the versions after it went.)
    @Test func aNoteCreatedHereAndEditedElsewhereKeepsOneHeadEverywhere() async throws {
        let service = InMemorySyncService(compactionStep: 8)
        let (a, b) = (try Device(), try Device())
        let (linkA, linkB) = (InMemoryDeviceLink(service: service, store: a.store), InMemoryDeviceLink(service: service, store: b.store))
        let article = Article(title: "Alpha", content: "Text")
        try a.store.add(article)
        let note = Note(articleID: article.id, body: "line 0\nkeep\nend", tags: ["t1"])
        try a.store.add(note)
        _ = try await a.engine(linkA).sync()
        _ = try await b.engine(linkB).sync()
        // a's own changes of the note make its creation shrink (the tag's removal supersedes it).
        var untag = NoteEdit()
        untag.removeTags = ["t1"]
        try a.store.edit(noteID: note.id, untag)
        for version in 1...5 { try Self.edit(b, note, body: "line \(version)\nkeep\nend") }
        for _ in 0..<3 {
            _ = try await b.engine(linkB).sync()
            _ = try await a.engine(linkA).sync()
        }
        try a.store.compact()
        try b.store.compact()
        let onA = try #require(try a.library().notes.first { $0.id == note.id })
        #expect(onA.body == "line 5\nkeep\nend")
        #expect(!onA.hasConflict)
        #expect(try a.library() == b.library())
    }

    /// Bounds are numbers of one server epoch: a server that lost its data makes a device
    /// forget them, and nothing it held is taken for settled by the new log's numbers.
    @Test func aServerResetForgetsWhatWasSettled() async throws {
        let service = InMemorySyncService(compactionStep: 8)
        let (a, b) = (try Device(), try Device())
        let (linkA, linkB) = (InMemoryDeviceLink(service: service, store: a.store), InMemoryDeviceLink(service: service, store: b.store))
        let article = Article(title: "Alpha", content: "Text")
        try a.store.add(article)
        _ = try await a.engine(linkA).sync()
        _ = try await b.engine(linkB).sync()
        let bounded = { (device: Device) throws -> Int in
            try device.store.read { db in
                try Int.fetchOne(
                    db,
                    sql: "SELECT (SELECT count(*) FROM change WHERE bound IS NOT NULL) + (SELECT count(*) FROM remoteChange WHERE bound IS NOT NULL)"
                ) ?? 0
            }
        }
        #expect(try bounded(a) > 0)
        #expect(try bounded(b) > 0)
        await service.reset()
        _ = try await b.engine(linkB).sync()
        #expect(try bounded(b) == 0, "b's merged changes are not in the new log")
        let settled = try b.store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'settled'") }
        #expect(settled == "0", "what the new, empty log says")
    }
}
