import Foundation
import Testing

@testable import Models

/// The server's compaction decisions that `SyncLog` and both database backends share.
@Suite struct ServerCompactionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func onlyDevicesSeenWithinTheHorizonHoldCompactionBack() {
        let horizon: TimeInterval = 3600
        let current = DeviceAcknowledgement(acknowledged: 7, lastSeen: now.addingTimeInterval(-horizon))
        let behind = DeviceAcknowledgement(acknowledged: 3, lastSeen: now)
        let unseen = DeviceAcknowledgement(acknowledged: 1, lastSeen: now.addingTimeInterval(-horizon - 1))
        #expect(ServerCompaction.settledSequence(devices: [current, behind, unseen], lastSequence: 9, now: now, horizon: horizon) == 3)
        #expect(ServerCompaction.settledSequence(devices: [current, unseen], lastSequence: 9, now: now, horizon: horizon) == 7)
        // No device is waited for: the whole log is settled.
        #expect(ServerCompaction.settledSequence(devices: [unseen], lastSequence: 9, now: now, horizon: horizon) == 9)
        #expect(ServerCompaction.settledSequence(devices: [], lastSequence: 0, now: now) == 0)
    }

    @Test func nothingSettlesForTheHorizonAfterADeviceShowedDataTheLogLost() {
        let horizon: TimeInterval = 3600
        let devices = [DeviceAcknowledgement(acknowledged: 7, lastSeen: now), DeviceAcknowledgement(acknowledged: 9, lastSeen: now)]
        #expect(ServerCompaction.settledSequence(devices: devices, lastSequence: 9, now: now, horizon: horizon, lostDataSeen: nil) == 7)
        let recently = now.addingTimeInterval(-horizon)
        #expect(ServerCompaction.settledSequence(devices: devices, lastSequence: 9, now: now, horizon: horizon, lostDataSeen: recently) == 0)
        #expect(ServerCompaction.settledSequence(devices: [], lastSequence: 9, now: now, horizon: horizon, lostDataSeen: recently) == 0)
        let long = now.addingTimeInterval(-horizon - 1)
        #expect(ServerCompaction.settledSequence(devices: devices, lastSequence: 9, now: now, horizon: horizon, lostDataSeen: long) == 7)
        // A device that acknowledged past the log's end saw what the log lost (an older copy).
        #expect(ServerCompaction.settledSequence(devices: devices, lastSequence: 8, now: now, horizon: horizon) == 0)
    }

    @Test func aCursorOfAnotherEpochOrPastTheEndShowsLostData() {
        #expect(!ServerCompaction.showsLostData(after: nil, epoch: "e1", newest: 8))
        #expect(!ServerCompaction.showsLostData(after: SyncCursor(epoch: "e1", sequence: 8).token, epoch: "e1", newest: 8))
        #expect(ServerCompaction.showsLostData(after: SyncCursor(epoch: "e1", sequence: 9).token, epoch: "e1", newest: 8))
        #expect(ServerCompaction.showsLostData(after: SyncCursor(epoch: "e0", sequence: 2).token, epoch: "e1", newest: 8))
    }

    @Test func aPullAcknowledgesItsStartOnlyWithNothingLeftToPush() {
        let cursor = SyncCursor(epoch: "e1", sequence: 5).token
        // Nothing left to push (its log ends where the server processed it): it holds 1 to 5.
        #expect(ServerCompaction.acknowledgement(after: cursor, epoch: "e1", newest: 8, deviceSequence: 4, lastProcessed: 4) == 5)
        #expect(ServerCompaction.acknowledgement(after: nil, epoch: "e1", newest: 8, deviceSequence: 0, lastProcessed: 0) == 0)
        // Changes of its own not pushed yet, no sequence named, or a restored device: nothing said.
        #expect(ServerCompaction.acknowledgement(after: cursor, epoch: "e1", newest: 8, deviceSequence: 6, lastProcessed: 4) == nil)
        #expect(ServerCompaction.acknowledgement(after: cursor, epoch: "e1", newest: 8, deviceSequence: nil, lastProcessed: 4) == nil)
        #expect(ServerCompaction.acknowledgement(after: cursor, epoch: "e1", newest: 8, deviceSequence: 2, lastProcessed: 4) == nil)
        // A cursor of another epoch starts over: it holds nothing yet.
        #expect(ServerCompaction.acknowledgement(after: cursor, epoch: "e2", newest: 8, deviceSequence: 4, lastProcessed: 4) == 0)
    }

    @Test func anItemWaitsWhileSomeOfWhatItKeepsIsNotSettled() {
        let id = "01a22157-7a89-79cc-8659-315fc7406a09"
        func title(_ text: String, _ millis: Int64, sequence: Int64) -> ServerChange {
            ServerChange(
                sequence: sequence,
                change: Change(
                    entity: .article, entityID: id, operation: .update, field: "title", value: "\"\(text)\"",
                    timestamp: HLCTimestamp(wallMillis: 1_700_000_000_000 + millis, counter: 0, deviceID: SyncLogTests.deviceID("a"))))
        }
        let held = [title("One", 1, sequence: 1), title("Two", 2, sequence: 4)]
        let waiting = ServerCompaction.plan(for: held, settled: 3)
        #expect(waiting.drops == [held[0]])
        #expect(waiting.freedBytes == "\"One\"".utf8.count)
        #expect(waiting.stillPending)
        #expect(!ServerCompaction.plan(for: held, settled: 4).stillPending)
        var tally = LibraryDigest.Tally()
        for stored in held { tally.add(entity: .article, id: id, timestamp: stored.change.timestamp.description) }
        waiting.remove(from: &tally)
        #expect(tally.articleCount == 1)
    }
}
