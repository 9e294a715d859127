import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Server

/// A device that comes back after compaction stopped waiting for it rejoins (docs/sync-protocol.md,
/// "A device that comes back"), on SQLite and, under `scripts/with-postgres.sh`, on PostgreSQL.
@Suite struct RepositoryRejoinTests {
    let purged = "01a22157-7a89-79cc-8659-315fc7406a09"
    let kept = "01a22157-7a89-79cc-8659-315fc7406a0a"
    let a = StoreUnderTest.deviceA
    let b = StoreUnderTest.deviceB

    func clock(_ millis: Int64, _ device: String) -> HLCTimestamp {
        HLCTimestamp(wallMillis: 1_750_000_000_000 + millis, counter: 0, deviceID: device)
    }

    func create(_ id: String, at millis: Int64) throws -> Change {
        let article = Article(id: id, url: "https://example.com/\(id.suffix(2))", title: "Original", content: "Words worth keeping.")
        return Change(entity: .article, entityID: id, operation: .create, value: try FolioJSON.string(article), timestamp: clock(millis, a))
    }

    func title(_ id: String, _ text: String, at millis: Int64) -> Change {
        Change(entity: .article, entityID: id, operation: .update, field: "title", value: "\"\(text)\"", timestamp: clock(millis, a))
    }

    /// a pulls to the end and once more from there: it acknowledges the whole log.
    func acknowledge(_ store: StoreUnderTest, _ device: String, through sequence: Int64) async throws {
        let end = try await store.pullAll(device: device, deviceSequence: sequence).cursor
        _ = try await store.pullAll(after: end, device: device, deviceSequence: sequence)
    }

    /// Whether a pull by b from `cursor` says b must rejoin.
    func rejoinAsked(_ store: StoreUnderTest, after cursor: String?) async throws -> Bool {
        try await store.repository.pull(after: cursor, limit: 100, excludingDevice: b, deviceSequence: 0, for: store.user).rejoin == true
    }

    @Test(arguments: Backend.available)
    func aForgottenDeviceGetsBackWhatAPurgeTookAndDropsWhatWasSuperseded(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            let first = [try create(purged, at: 1), try create(kept, at: 2), title(kept, "One", at: 3)]
            try await store.push(a, from: 1, first)
            // Both devices hold everything and acknowledge it; compaction waits for both.
            let bCursor = try await store.pullAll(device: b, deviceSequence: 0).cursor
            try await acknowledge(store, a, through: 3)
            _ = try await store.pullAll(after: bCursor, device: b, deviceSequence: 0)
            try await store.compact()
            #expect(try await rejoinAsked(store, after: bCursor) == false, "b was waited for")
            // b is forgotten; a purges one article and retitles the other; compaction no longer
            // waits for b.
            try await store.repository.forget(device: b, for: store.user)
            let purge = Change(entity: .article, entityID: purged, operation: .purge, timestamp: clock(4, a))
            try await store.push(a, from: 4, [purge, title(kept, "Two", at: 5)])
            try await acknowledge(store, a, through: 5)
            try await store.compact()
            let held = try await store.pullAll().changes.map(\.change.timestamp)
            #expect(!held.contains(first[0].timestamp), "the purge's older changes went")
            #expect(!held.contains(first[2].timestamp), "the superseded title went")
            #expect(try await store.repository.pull(after: nil, limit: 100, excludingDevice: a, deviceSequence: 5, for: store.user).rejoin == nil)
            // b comes back with what it held.
            #expect(try await rejoinAsked(store, after: bCursor))
            let answer = try await store.repository.rejoin(RejoinRequest(deviceID: b, held: first.map(RejoinRequest.Held.init)), for: store.user)
            #expect(answer.restore == [first[0].timestamp])
            #expect(answer.forget == [first[2].timestamp])
            #expect(answer.rejoining)
            // A change the server never had is not stored, whatever b says.
            var invented = title(purged, "Invented", at: 3)
            invented.timestamp = clock(3, b)
            let sentBack = try await store.repository.rejoin(RejoinRequest(deviceID: b, changes: [first[0], invented]), for: store.user)
            #expect(sentBack.restored == 1)
            let again = try await store.repository.rejoin(RejoinRequest(deviceID: b, changes: [first[0]]), for: store.user)
            #expect(again.restored == 0, "stored once")
            let after = try await store.pullAll(after: bCursor, device: b, deviceSequence: 0)
            #expect(after.changes.map(\.change.timestamp).contains(first[0].timestamp), "others pull it again")
            #expect(!after.changes.map(\.change.timestamp).contains(invented.timestamp))
            #expect(try await rejoinAsked(store, after: after.cursor), "until b completes")
            let done = try await store.repository.rejoin(RejoinRequest(deviceID: b, complete: true), for: store.user)
            #expect(!done.rejoining)
            #expect(try await rejoinAsked(store, after: after.cursor) == false)
            let digest = try await store.repository.digest(for: store.user)
            #expect(digest.articles.count == (try await store.pullAll().changes.count))
        }
    }

    /// A device the server has never seen, once something was compacted, rejoins too: it may
    /// be a copy put back under a new id, or a device whose pulls never named it.
    @Test(arguments: Backend.available)
    func aNewDeviceRejoinsOnceCompactionUsedASettledSequence(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            try await store.push(a, from: 1, [try create(kept, at: 1), title(kept, "One", at: 2)])
            try await acknowledge(store, a, through: 2)
            try await store.compact()
            #expect(try await store.repository.pull(after: nil, limit: 100, excludingDevice: a, deviceSequence: 2, for: store.user).rejoin == nil)
            #expect(try await rejoinAsked(store, after: nil))
            _ = try await store.repository.rejoin(RejoinRequest(deviceID: b, complete: true), for: store.user)
            #expect(try await rejoinAsked(store, after: nil) == false)
        }
    }

    /// A forgotten device's edit forks a note whose middle version compaction dropped (rule 6)
    /// while a device may still hold it (here its author): the devices are asked to rejoin, the
    /// author's rejoin sends the version back, and the log's note then merges the fork without a
    /// conflict, as the author's own copy does (docs/sync-protocol.md, simulation seeds 736820
    /// and 756452).
    @Test(arguments: Backend.available)
    func aForkOverACompactedLineAsksTheDevicesBack(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            let note = "01a22157-7a89-79cc-8659-315fc7406a0b"
            func edit(_ text: String, base: HLCTimestamp, at millis: Int64, _ device: String) throws -> Change {
                Change(
                    entity: .note, entityID: note, operation: .update, field: "body",
                    value: try FolioJSON.string(NoteBodyEdit(text: text, base: [base])), timestamp: clock(millis, device))
            }
            func authorAsked() async throws -> Bool {
                try await store.repository.pull(after: nil, limit: 100, excludingDevice: a, deviceSequence: 3, for: store.user).rejoin == true
            }
            let created = Change(
                entity: .note, entityID: note, operation: .create, value: try FolioJSON.string(Note(id: note, body: "one\ntwo\nthree\n")),
                timestamp: clock(1, a))
            try await store.push(a, from: 1, [created])
            _ = try await store.pullAll(device: b, deviceSequence: 0)  // b holds the first body
            let middle = try edit("one A\ntwo\nthree\n", base: created.timestamp, at: 2, a)
            let last = try edit("one A2\ntwo\nthree\n", base: middle.timestamp, at: 3, a)
            try await store.push(a, from: 2, [middle, last])
            try await store.repository.forget(device: b, for: store.user)
            try await acknowledge(store, a, through: 3)
            try await store.compact()
            #expect(!(try await store.pullAll().changes.map(\.change.timestamp).contains(middle.timestamp)), "rule 6 took the middle version")
            #expect(try await authorAsked() == false)
            // b comes back with an edit made from the first body: the other head's line stops
            // at the middle version, so the log alone would show a conflict.
            let offline = try edit("one\ntwo\nthree B\n", base: created.timestamp, at: 4, b)
            #expect(try await store.push(b, from: 1, [offline]).results.map(\.status) == [.applied])
            #expect(try await authorAsked())
            let answer = try await store.repository.rejoin(
                RejoinRequest(deviceID: a, held: [created, middle, last].map(RejoinRequest.Held.init)), for: store.user)
            #expect(answer.restore.contains(middle.timestamp))
            let sentBack = [created, middle, last].filter { answer.restore.contains($0.timestamp) }
            _ = try await store.repository.rejoin(RejoinRequest(deviceID: a, changes: sentBack, complete: true), for: store.user)
            #expect(try await authorAsked() == false)
            let merged = try #require(MergeState(merging: try await store.pullAll().changes.map(\.change)).note(id: note).item)
            #expect(merged.body == "one A2\ntwo\nthree B\n")
            #expect(merged.conflicts.isEmpty)
        }
    }
}
