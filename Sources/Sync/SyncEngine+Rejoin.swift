import Models
import Storage

/// How a device rejoins a server that compacted, while it was not waiting for the device,
/// changes the device may hold (`RejoinRules`, docs/sync-protocol.md, "A device that comes
/// back"). The server says so on a page (`PullResponse.rejoin`); the device rejoins before it
/// applies that page, so that it names what it held before this sync.
extension SyncEngine {
    /// Names every change the store holds, in requests of at most `RejoinRequest.heldLimit`,
    /// and sends back whole the ones the server asks for. Returns the ones the server says to
    /// forget, which the device drops once the pull has ended (`endRejoin`), when what
    /// supersedes them is here, and how many changes the server stored again; nil when the
    /// service cannot rejoin.
    func beginRejoin() async throws -> (forget: [HLCTimestamp], withoutBody: [HLCTimestamp], restored: Int)? {
        let (deviceID, held) = try await store.perform { store throws(StoreError) in (try store.deviceID(), try store.heldChanges()) }
        var forget: [HLCTimestamp] = []
        var withoutBody: [HLCTimestamp] = []
        var restored = 0
        var start = 0
        repeat {
            let batch = Array(held[start..<min(start + RejoinRequest.heldLimit, held.count)])
            start += RejoinRequest.heldLimit
            guard let answer = try await service.rejoin(RejoinRequest(deviceID: deviceID, held: batch)) else { return nil }
            forget += answer.forget
            withoutBody += answer.withoutBody
            guard !answer.restore.isEmpty else { continue }
            let changes = try await store.perform { store throws(StoreError) in try store.heldChanges(at: answer.restore) }
            for first in stride(from: 0, to: changes.count, by: Self.rejoinChangesPerRequest) {
                let part = Array(changes[first..<min(first + Self.rejoinChangesPerRequest, changes.count)])
                restored += try await service.rejoin(RejoinRequest(deviceID: deviceID, changes: part))?.restored ?? 0
            }
        } while start < held.count
        return (forget, withoutBody, restored)
    }

    /// Drops what the server said to forget and tells it the device has rejoined. Returns how
    /// many changes it dropped.
    func endRejoin(forgetting clocks: [HLCTimestamp], withoutBody: [HLCTimestamp]) async throws -> Int {
        let (deviceID, dropped) = try await store.perform { store throws(StoreError) in
            (try store.deviceID(), try store.forgetCompacted(clocks, withoutBody: withoutBody))
        }
        _ = try await service.rejoin(RejoinRequest(deviceID: deviceID, complete: true))
        return dropped
    }

    /// Changes sent back in one request.
    static let rejoinChangesPerRequest = 500
}
