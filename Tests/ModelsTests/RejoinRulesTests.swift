import Foundation
import Models
import Testing

/// What the server decides when a device comes back (`RejoinRules`, docs/sync-protocol.md, "A
/// device that comes back"), as values.
@Suite struct RejoinRulesTests {
    static let device = "01900000-0000-7000-8000-00000000000a"
    static let article = ItemKey(entity: .article, id: "01a22157-7a89-79cc-8659-315fc7406a09")
    static let note = ItemKey(entity: .note, id: "01a22157-7a89-79cc-8659-315fc7406b10")

    static func clock(_ millis: Int64) -> HLCTimestamp {
        HLCTimestamp(wallMillis: 1_750_000_000_000 + millis, counter: 0, deviceID: device)
    }

    static func held(_ millis: Int64, _ item: ItemKey) -> RejoinRequest.Held {
        RejoinRequest.Held(timestamp: Self.clock(millis), entity: item.entity, entityID: item.id)
    }

    @Test func compactedChangesComeBackOnlyWhereAnItemStillNeedsThem() {
        let inputs = RejoinRules.Inputs(
            stored: [Self.clock(1)], compacted: [Self.clock(2), Self.clock(3), Self.clock(5), Self.clock(6)],
            latestPurges: [Self.article: Self.clock(4)],
            withoutBody: [Self.clock(1)], namedBases: [Self.clock(5)], lastSequence: 10)
        let request = RejoinRequest(
            deviceID: Self.device,
            held: [
                Self.held(1, Self.note),  // held by the server, without its body
                Self.held(2, Self.article),  // older than the purge the server holds: back
                Self.held(3, Self.note),  // superseded: the device drops it
                Self.held(5, Self.note),  // a version a held one was edited from: back
                Self.held(6, Self.article),  // later than the purge: superseded, dropped
                Self.held(7, Self.article),  // never on the server: the device's own, nothing to say
            ])
        let plan = RejoinRules.plan(request, inputs: inputs, rejoining: true, now: Date())
        #expect(plan.response.restore == [Self.clock(2), Self.clock(5)])
        #expect(plan.response.forget == [Self.clock(3), Self.clock(6)])
        #expect(plan.response.withoutBody == [Self.clock(1)])
        #expect(plan.response.rejoining)
        #expect(plan.inserts.isEmpty)
        #expect(!plan.completes)
    }

    @Test func onlyChangesTheServerCompactedAndNeedsAreStoredAgainOnce() {
        let inputs = RejoinRules.Inputs(
            stored: [], compacted: [Self.clock(2), Self.clock(3)], latestPurges: [Self.article: Self.clock(4)], lastSequence: 10)
        func title(_ millis: Int64) -> Change {
            Change(entity: .article, entityID: Self.article.id, operation: .update, field: "title", value: "\"T\"", timestamp: Self.clock(millis))
        }
        var badValue = title(3)
        badValue.value = "7"  // a title must be a string: refused
        let request = RejoinRequest(deviceID: Self.device, changes: [title(2), title(2), badValue, title(8)], complete: true)
        let plan = RejoinRules.plan(request, inputs: inputs, rejoining: true, now: Date())
        #expect(plan.inserts.map(\.sequence) == [11])
        #expect(plan.inserts.map(\.change.timestamp) == [Self.clock(2)])
        #expect(plan.response.restored == 1)
        #expect(plan.completes)
        #expect(!plan.response.rejoining)
        #expect(plan.tally.articleCount == 1)
    }

    /// Simulation seed 722934: a note version sent back whole comes back with every change the
    /// log holds of its note, sent again after it: another device may have compacted the version
    /// that was edited from it, and there the version alone would be a head of its own.
    @Test func aNoteVersionSentBackWholeSendsItsNoteAgain() throws {
        func version(_ millis: Int64, base: Int64?) throws -> Change {
            let edit = NoteBodyEdit(text: "text \(millis)", base: base.map { [Self.clock($0)] } ?? [])
            return Change(
                entity: .note, entityID: Self.note.id, operation: .update, field: MergeRules.noteBodyField, value: try FolioJSON.string(edit),
                timestamp: Self.clock(millis))
        }
        let held = [ServerChange(sequence: 4, change: try version(2, base: 1)), ServerChange(sequence: 7, change: try version(3, base: 2))]
        let request = RejoinRequest(deviceID: Self.device, changes: [try version(1, base: nil)])
        let inputs = RejoinRules.Inputs(request, stored: [], compacted: [Self.clock(1)], held: [Self.note: held], lastSequence: 10)
        let plan = RejoinRules.plan(request, inputs: inputs, rejoining: true, now: Date())
        #expect(plan.inserts.map(\.change.timestamp) == [Self.clock(1)])
        #expect(plan.resends.map(\.old) == [4, 7])
        #expect(plan.stored.map(\.sequence) == [11, 12, 13])

        // An article's change older than a purge comes back alone when the article's other
        // changes are not in question (the purge reopens it only for a device that names them).
        let title = Change(entity: .article, entityID: Self.article.id, operation: .update, field: "title", value: "\"T\"", timestamp: Self.clock(2))
        let purge = Change(entity: .article, entityID: Self.article.id, operation: .purge, timestamp: Self.clock(4))
        let articleRequest = RejoinRequest(deviceID: Self.device, changes: [title])
        let articleInputs = RejoinRules.Inputs(
            articleRequest, stored: [], compacted: [Self.clock(2)], held: [Self.article: [ServerChange(sequence: 5, change: purge)]], lastSequence: 10
        )
        let articlePlan = RejoinRules.plan(articleRequest, inputs: articleInputs, rejoining: true, now: Date())
        #expect(articlePlan.inserts.map(\.change.timestamp) == [Self.clock(2)])
        #expect(articlePlan.resends.isEmpty)
    }

    @Test func compactionMovesOnOnlyTheDevicesItWaitedForThatAgreedBefore() {
        let now = Date()
        let seen = DeviceAcknowledgement(acknowledged: 9, lastSeen: now)
        let away = DeviceAcknowledgement(acknowledged: 9, lastSeen: now.addingTimeInterval(-100 * 24 * 3600))
        let devices = [
            (id: "a", acknowledgement: seen, rejoinedThrough: Int64(5)), (id: "b", acknowledgement: away, rejoinedThrough: 5),
            (id: "c", acknowledgement: seen, rejoinedThrough: 2),
        ]
        let moved = RejoinRules.advancing(devices: devices, compactedThrough: 5, settled: 8, now: now, horizon: 90 * 24 * 3600)
        #expect(moved == ["a"], "b is away past the horizon, c came back and has not rejoined")
        #expect(RejoinRules.advancing(devices: devices, compactedThrough: 8, settled: 8, now: now, horizon: 90 * 24 * 3600).isEmpty)
        #expect(RejoinRules.mustRejoin(rejoinedThrough: 5, compactedThrough: 8))
        #expect(!RejoinRules.mustRejoin(rejoinedThrough: 8, compactedThrough: 8))
    }

    @Test func aNoteSnapshotLosesOnlyItsBody() throws {
        let value = #"{"body":"first","tags":["t1"],"createdAt":"2025-06-15T15:20:12.000Z"}"#
        let shrunk = try #require(RejoinRules.removingBody(from: value))
        #expect(!shrunk.contains("first"))
        #expect(shrunk.contains("t1"))
        #expect(RejoinRules.removingBody(from: shrunk) == nil)
        let snapshot = Change(entity: .note, entityID: Self.note.id, operation: .create, value: shrunk, timestamp: Self.clock(1))
        #expect(RejoinRules.isNoteSnapshotWithoutBody(snapshot))
        #expect(
            !RejoinRules.isNoteSnapshotWithoutBody(
                Change(entity: .note, entityID: Self.note.id, operation: .create, value: value, timestamp: Self.clock(1))))
    }
}
