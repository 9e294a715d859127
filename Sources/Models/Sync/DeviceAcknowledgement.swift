import Foundation

/// What the server knows a device holds: compaction drops a change that depends on what
/// devices hold (docs/sync-protocol.md, "Compaction") only once every device seen within the
/// horizon has acknowledged it.
package struct DeviceAcknowledgement: Sendable, Hashable {
    /// The sequence up to which the device holds every change of the log: the cursor of a pull
    /// it made with nothing of its own left to push (0 until it makes one).
    package var acknowledged: Int64
    /// When it last pushed or pulled.
    package var lastSeen: Date

    package init(acknowledged: Int64 = 0, lastSeen: Date = Date(timeIntervalSince1970: 0)) {
        self.acknowledged = acknowledged
        self.lastSeen = lastSeen
    }

    /// Whether the device holds compaction back at `now`: it was seen within `horizon`.
    package func isCurrent(now: Date, horizon: TimeInterval) -> Bool {
        now.timeIntervalSince(lastSeen) <= horizon
    }
}
