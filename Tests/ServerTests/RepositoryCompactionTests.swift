import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Server

/// Compaction in the database backends (docs/sync-protocol.md, "Compaction"), on SQLite and,
/// under `scripts/with-postgres.sh`, on PostgreSQL.
@Suite struct RepositoryCompactionTests {
    let articleID = "01a22157-7a89-79cc-8659-315fc7406a09"
    let noteID = "01a22157-7a89-79cc-8659-315fc7406b10"

    func clock(_ millis: Int64, _ device: String) -> HLCTimestamp {
        HLCTimestamp(wallMillis: 1_750_000_000_000 + millis, counter: 0, deviceID: device)
    }

    func create(at millis: Int64, _ device: String) throws -> Change {
        let article = Article(id: articleID, url: "https://example.com/a", title: "Original", content: "Some text.")
        return Change(
            entity: .article, entityID: articleID, operation: .create, value: try FolioJSON.string(article), timestamp: clock(millis, device))
    }

    func title(_ text: String, at millis: Int64, _ device: String) -> Change {
        Change(entity: .article, entityID: articleID, operation: .update, field: "title", value: "\"\(text)\"", timestamp: clock(millis, device))
    }

    func purge(at millis: Int64, _ device: String) -> Change {
        Change(entity: .article, entityID: articleID, operation: .purge, timestamp: clock(millis, device))
    }

    func body(_ text: String, base: [HLCTimestamp], at millis: Int64, _ device: String) throws -> Change {
        Change(
            entity: .note, entityID: noteID, operation: .update, field: "body", value: try FolioJSON.string(NoteBodyEdit(text: text, base: base)),
            timestamp: clock(millis, device))
    }

    /// What the changes make of the log's items.
    func merged(_ changes: [ServerChange]) -> MergeState {
        var state = MergeState()
        for stored in changes { MergeRules.apply(stored.change, to: &state) }
        return state
    }

    /// Device a's title (clock 10, sequence 1), then device b's older one (clock 5, sequence 2):
    /// the log's last change is superseded, and compaction drops it.
    func compactTheTail(_ store: StoreUnderTest) async throws {
        try await store.push(StoreUnderTest.deviceA, from: 1, [title("New", at: 10, StoreUnderTest.deviceA)])
        try await store.push(StoreUnderTest.deviceB, from: 1, [title("Old", at: 5, StoreUnderTest.deviceB)])
        let report = try await store.compact()
        #expect(report.changesDropped == 1)
        #expect(report.bytesFreed == "\"Old\"".utf8.count)
    }

    @Test(arguments: Backend.available)
    func aCompactedTailDoesNotReuseASequence(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            try await compactTheTail(store)
            let pulled = try await store.pullAll()
            #expect(pulled.changes.map(\.sequence) == [1])
            #expect(SyncCursor(token: pulled.cursor)?.sequence == 2)
            let next = try await store.push(StoreUnderTest.deviceA, from: 2, [title("Newer", at: 11, StoreUnderTest.deviceA)])
            #expect(next.results.map(\.status) == [.applied])
            let after = try await store.pullAll(after: pulled.cursor)
            #expect(after.changes.map(\.sequence) == [3])
            #expect(try await store.repository.digest(for: store.user).sequence == 3)
        }
    }

    @Test(arguments: Backend.available)
    func aRetriedPushOfACompactedChangeIsADuplicate(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            try await compactTheTail(store)
            // b did not hear back and sends its push again: a duplicate, not a restored device.
            let retry = try await store.push(StoreUnderTest.deviceB, from: 1, [title("Old", at: 5, StoreUnderTest.deviceB)])
            #expect(retry.deviceRestored != true)
            #expect(retry.results.map(\.status) == [.duplicate])
            // The same change under a new device sequence: still stored never again.
            let again = try await store.push(StoreUnderTest.deviceB, from: 2, [title("Old", at: 5, StoreUnderTest.deviceB)])
            #expect(again.results.map(\.status) == [.duplicate])
            #expect(try await store.pullAll().changes.map(\.sequence) == [1])
        }
    }

    /// a creates, retitles and purges the article and pulls to the end with nothing left to
    /// push; b has only pulled from the start.
    func purgeWithAPullOnlyDevice(_ store: StoreUnderTest) async throws -> String {
        try await store.push(
            StoreUnderTest.deviceA, from: 1,
            [try create(at: 1, StoreUnderTest.deviceA), title("One", at: 2, StoreUnderTest.deviceA), purge(at: 3, StoreUnderTest.deviceA)])
        let bFirst = try await store.repository.pull(
            after: nil, limit: 1, excludingDevice: StoreUnderTest.deviceB, deviceSequence: 0, for: store.user)
        #expect(bFirst.changes.count == 3)  // one push, one transaction: one page
        let end = try await store.pullAll(device: StoreUnderTest.deviceA, deviceSequence: 3).cursor
        _ = try await store.pullAll(after: end, device: StoreUnderTest.deviceA, deviceSequence: 3)
        let report = try await store.compact()
        #expect(report.changesRewritten == 1)  // the creation, without the title that lost
        #expect(report.itemsPending == 1)  // the purge waits for b
        #expect(try await store.pullAll().changes.count == 3)
        let records = try await store.repository.deviceRecords(for: store.user)
        #expect(records.devices.map(\.id) == [StoreUnderTest.deviceA, StoreUnderTest.deviceB])
        #expect(records.devices.map { records.holdsBack($0, now: Date(), horizon: ServerCompaction.defaultHorizon) } == [false, true])
        // b only pulled: it holds compaction back, but is no device that pushed.
        #expect(try await store.repository.devices(for: store.user).devices.map(\.id) == [StoreUnderTest.deviceA])
        return end
    }

    @Test(arguments: Backend.available)
    func aPullOnlyDeviceHoldsThePurgeBackUntilItAcknowledges(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            let end = try await purgeWithAPullOnlyDevice(store)
            // Seen again, but still not past the purge: nothing more goes.
            _ = try await store.repository.pull(after: nil, limit: 1, excludingDevice: StoreUnderTest.deviceB, deviceSequence: 0, for: store.user)
            #expect(try await store.compact().changesDropped == 0)
            // b pulls from the end with nothing of its own: it holds the purge.
            _ = try await store.pullAll(after: end, device: StoreUnderTest.deviceB, deviceSequence: 0)
            let report = try await store.compact()
            #expect(report.changesDropped == 2)
            #expect(report.itemsPending == 0)
            #expect(try await store.pullAll().changes.map(\.change.operation) == [.purge])
            let digest = try await store.repository.digest(for: store.user)
            #expect(digest.articles.count == 1)
            #expect(digest.currentArticles?.count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func aForgottenDeviceNoLongerHoldsThePurgeBack(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            _ = try await purgeWithAPullOnlyDevice(store)
            try await store.repository.forget(device: StoreUnderTest.deviceB, for: store.user)
            await #expect(throws: ServerError.self) { try await store.repository.forget(device: StoreUnderTest.deviceB, for: store.user) }
            #expect(try await store.repository.deviceRecords(for: store.user).devices.map(\.id) == [StoreUnderTest.deviceA])
            #expect(try await store.compact().changesDropped == 2)
            #expect(try await store.pullAll().changes.map(\.change.operation) == [.purge])
        }
    }

    /// Devices unseen for the horizon hold nothing back (`compact(now:)` a horizon later).
    @Test(arguments: Backend.available)
    func devicesUnseenForTheHorizonNoLongerHoldThePurgeBack(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            _ = try await purgeWithAPullOnlyDevice(store)
            #expect(try await store.compact(now: Date().addingTimeInterval(ServerCompaction.defaultHorizon + 3600)).changesDropped == 2)
        }
    }

    /// A server that lost data it had given out (a new database, or an older copy) cannot know
    /// the devices that hold it: one of them may come back with an edit of an item purged
    /// since, which brings the item back from what that device holds. So once a device shows
    /// such data — a push naming another epoch, a pull with a cursor of another epoch or past
    /// the log's end — a purge keeps its item's history for the horizon, even when every
    /// device the server knows has acknowledged it (simulation seed 400127).
    @Test(arguments: Backend.available)
    func aDeviceWithDataTheServerLostHoldsThePurgeBackForTheHorizon(backend: Backend) async throws {
        enum Sighting: CaseIterable { case none, pushOfAnotherEpoch, pullOfAnotherEpoch, pullPastTheEnd }
        for sighting in Sighting.allCases {
            try await StoreUnderTest.with(backend) { store in
                let a = StoreUnderTest.deviceA
                let b = StoreUnderTest.deviceB
                try await store.push(a, from: 1, [try create(at: 1, a), title("One", at: 2, a), purge(at: 3, a)])
                switch sighting {
                case .none: break
                case .pushOfAnotherEpoch:
                    let request = PushRequest(
                        deviceID: b, knownEpoch: "an-earlier-epoch", mutations: [Mutation(deviceSequence: 7, change: title("B", at: 4, b))])
                    #expect(try await store.repository.push(request, for: store.user).epochChanged)
                case .pullOfAnotherEpoch:
                    let page = try await store.repository.pull(
                        after: SyncCursor(epoch: "an-earlier-epoch", sequence: 2).token, limit: 10, excludingDevice: b, deviceSequence: 0,
                        for: store.user)
                    #expect(page.epochChanged)
                case .pullPastTheEnd:
                    let epoch = try #require(SyncCursor(token: try await store.pullAll().cursor)?.epoch)
                    let page = try await store.repository.pull(
                        after: SyncCursor(epoch: epoch, sequence: 40).token, limit: 10, excludingDevice: b, deviceSequence: 0, for: store.user)
                    #expect(page.epochChanged)
                }
                if sighting != .none {
                    // b starts over and holds the whole log, as a's pulls do.
                    let bEnd = try await store.pullAll(device: b, deviceSequence: 0).cursor
                    _ = try await store.pullAll(after: bEnd, device: b, deviceSequence: 0)
                }
                let aEnd = try await store.pullAll(device: a, deviceSequence: 3).cursor
                _ = try await store.pullAll(after: aEnd, device: a, deviceSequence: 3)
                let records = try await store.repository.deviceRecords(for: store.user)
                #expect(records.devices.allSatisfy { !records.holdsBack($0, now: Date(), horizon: ServerCompaction.defaultHorizon) })
                let waits = records.waitsForLostData(now: Date(), horizon: ServerCompaction.defaultHorizon)
                #expect((waits != nil) == (sighting != .none))
                let report = try await store.compact()
                #expect(report.changesDropped == (sighting == .none ? 2 : 0))
                #expect(try await store.pullAll().changes.count == (sighting == .none ? 1 : 3))
                // A horizon after the sighting, no device the server does not know holds it back.
                let later = try await store.compact(now: Date().addingTimeInterval(ServerCompaction.defaultHorizon + 3600))
                #expect(later.changesDropped == (sighting == .none ? 0 : 2))
                #expect(try await store.pullAll().changes.map(\.change.operation) == [.purge])
            }
        }
    }

    /// Random titles, tags and purges from three devices, compacted as they come and at the
    /// end: the server's current digest is what a device holding every change computes, and
    /// both halves of the digest are `SyncLog`'s for the same pushes.
    @Test(arguments: Backend.available)
    func theCurrentDigestAgreesWithADevicesAfterCompaction(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            var random = SplitMix64(seed: 14)
            var log = SyncLog()
            var all: [Change] = []
            let devices = [StoreUnderTest.deviceA, StoreUnderTest.deviceB, StoreUnderTest.deviceC]
            var next: [Int64] = [1, 1, 1]
            for step in 1...60 {
                let device = Int(random.next() % 3)
                let id = "01a22157-7a89-79cc-8659-315fc7406a0\(random.next() % 4)"
                let entity: Change.Entity = random.next() % 3 == 0 ? .note : .article
                let timestamp = clock(Int64(step), devices[device])
                var change: Change
                switch random.next() % 6 {
                case 0: change = Change(entity: entity, entityID: id, operation: .tagAdd, value: "\"t\(random.next() % 2)\"", timestamp: timestamp)
                case 1: change = Change(entity: entity, entityID: id, operation: .tagRemove, value: "\"t\(random.next() % 2)\"", timestamp: timestamp)
                case 2: change = Change(entity: entity, entityID: id, operation: .purge, timestamp: timestamp)
                default:
                    change = Change(entity: entity, entityID: id, operation: .update, field: "quote", value: "\"Q\(step)\"", timestamp: timestamp)
                }
                if entity == .article, change.field == "quote" { change.field = "title" }
                all.append(change)
                let request = PushRequest(deviceID: devices[device], mutations: [Mutation(deviceSequence: next[device], change: change)])
                next[device] += 1
                #expect(try await store.repository.push(request, for: store.user).results.map(\.status) == [.applied])
                _ = log.push(request)
                if step.isMultiple(of: 7) {
                    _ = try await store.repository.compact(for: store.user, itemLimit: 2, now: Date(), horizon: ServerCompaction.defaultHorizon)
                    log.compact(itemLimit: 2)
                }
            }
            let report = try await store.compact()
            log.compactAll()
            #expect(report.changesDropped > 0)
            let digest = try await store.repository.digest(for: store.user)
            let device = LibraryDigest.essentials(of: all).digest()
            #expect(digest.currentArticles == device.articles)
            #expect(digest.currentNotes == device.notes)
            #expect(digest == log.digest())
            #expect(digest.sameChanges(as: LibraryDigest.Tally().digest(current: LibraryDigest.essentials(of: all))))
            #expect(try await store.pullAll().changes == log.pull(after: nil, limit: 1000).changes)
        }
    }

    /// b holds the note's first body and edits it offline while a edits it twice and the
    /// server compacts. Known to the server, b holds the older versions back and its edit
    /// merges; unseen for the horizon, the versions go, and its edit still loses nothing
    /// (a conflict keeps both sides).
    @Test(arguments: Backend.available)
    func aDeviceOfflineWithEditsOnCompactedVersionsLosesNothing(backend: Backend) async throws {
        for horizonPassed in [false, true] {
            try await StoreUnderTest.with(backend) { store in
                let a = StoreUnderTest.deviceA
                let b = StoreUnderTest.deviceB
                let first = Note(id: noteID, body: "one\ntwo\nthree\n")
                let created = Change(entity: .note, entityID: noteID, operation: .create, value: try FolioJSON.string(first), timestamp: clock(1, a))
                try await store.push(a, from: 1, [created])
                let bEnd = try await store.pullAll(device: b, deviceSequence: 0).cursor
                _ = try await store.pullAll(after: bEnd, device: b, deviceSequence: 0)  // b holds the first body
                let second = try body("one A\ntwo\nthree\n", base: [clock(1, a)], at: 2, a)
                let third = try body("one A2\ntwo\nthree\n", base: [clock(2, a)], at: 3, a)
                try await store.push(a, from: 2, [second, third])
                let aEnd = try await store.pullAll(device: a, deviceSequence: 3).cursor
                _ = try await store.pullAll(after: aEnd, device: a, deviceSequence: 3)
                let later = horizonPassed ? Date().addingTimeInterval(ServerCompaction.defaultHorizon + 3600) : Date()
                let report = try await store.compact(now: later)
                // Only unseen devices let the older versions go (the snapshot keeps its other members).
                #expect(report.changesDropped == (horizonPassed ? 1 : 0))
                #expect(report.changesRewritten == (horizonPassed ? 1 : 0))
                // b comes back with an edit made from the first body.
                let offline = try body("one\ntwo\nthree B\n", base: [clock(1, a)], at: 4, b)
                #expect(try await store.push(b, from: 1, [offline]).results.map(\.status) == [.applied])
                try await store.compact(now: later)
                let note = try #require(merged(try await store.pullAll().changes).note(id: noteID).item)
                let texts = [note.body] + note.conflicts.map(\.body)
                #expect(texts.contains { $0.contains("one A2") })
                #expect(texts.contains { $0.contains("three B") })
                if !horizonPassed {
                    #expect(note.body == "one A2\ntwo\nthree B\n")
                    #expect(note.conflicts.isEmpty)
                }
            }
        }
    }
}
