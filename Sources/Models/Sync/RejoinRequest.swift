import Foundation

/// What a device that comes back sends (`POST /v1/rejoin`, docs/sync-protocol.md, "A device
/// that comes back"): the clocks of changes it held before this sync, so that the server says
/// which of them it compacted while it was not waiting for the device; the changes it asks
/// to store again; and, last, that the device has done what the server said.
package struct RejoinRequest: Sendable, Codable, Hashable {
    /// One change the device holds, named without its value.
    package struct Held: Sendable, Codable, Hashable {
        package var timestamp: HLCTimestamp
        package var entity: Change.Entity
        package var entityID: String

        package init(timestamp: HLCTimestamp, entity: Change.Entity, entityID: String) {
            self.timestamp = timestamp
            self.entity = entity
            self.entityID = entityID
        }

        package init(_ change: Change) {
            self.init(timestamp: change.timestamp, entity: change.entity, entityID: change.entityID)
        }
    }

    package var deviceID: String
    /// Changes to check (at most `heldLimit`).
    package var held: [Held]
    /// Changes an earlier answer asked for (`RejoinResponse.restore`), whole.
    package var changes: [Change]
    /// The device has sent every change the server asked for and dropped every one it said
    /// to forget: the server stops asking.
    package var complete: Bool

    /// The most held changes one request may name.
    package static let heldLimit = 5_000

    package init(deviceID: String, held: [Held] = [], changes: [Change] = [], complete: Bool = false) {
        self.deviceID = deviceID
        self.held = held
        self.changes = changes
        self.complete = complete
    }

    private enum CodingKeys: String, CodingKey { case deviceID, held, changes, complete }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        held = try container.decodeIfPresent([Held].self, forKey: .held) ?? []
        changes = try container.decodeIfPresent([Change].self, forKey: .changes) ?? []
        complete = try container.decodeIfPresent(Bool.self, forKey: .complete) ?? false
    }
}
