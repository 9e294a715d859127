import Foundation
import Models

/// A user's known devices and the end of their log: what `folio-server device list` shows.
package struct DeviceRecords: Sendable, Hashable {
    /// The last sequence the user's log gave.
    package var lastSequence: Int64
    package var devices: [DeviceRecord]
    /// When a device last came with data the log does not hold: compaction's conditional
    /// rules wait a horizon from then (`ServerCompaction.settledSequence`).
    package var lostDataSeen: Date?

    package init(lastSequence: Int64, devices: [DeviceRecord], lostDataSeen: Date? = nil) {
        self.lastSequence = lastSequence
        self.devices = devices
        self.lostDataSeen = lostDataSeen
    }

    /// Until when compaction keeps purged items' history and every note version, because a
    /// device came with data the log does not hold; nil when it does not wait for that.
    package func waitsForLostData(now: Date, horizon: TimeInterval) -> Date? {
        guard let lostDataSeen, now.timeIntervalSince(lostDataSeen) <= horizon else { return nil }
        return lostDataSeen.addingTimeInterval(horizon)
    }

    /// Whether `device` holds compaction back at `now`: it was seen within `horizon` and has
    /// not acknowledged the whole log.
    package func holdsBack(_ device: DeviceRecord, now: Date, horizon: TimeInterval) -> Bool {
        device.acknowledgement.isCurrent(now: now, horizon: horizon) && device.acknowledgement.acknowledged < lastSequence
    }
}
