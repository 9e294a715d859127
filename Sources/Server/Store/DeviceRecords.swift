import Foundation
import Models

/// A user's known devices and the end of their log: what `folio-server device list` shows.
package struct DeviceRecords: Sendable, Hashable {
    /// The last sequence the user's log gave.
    package var lastSequence: Int64
    package var devices: [DeviceRecord]

    package init(lastSequence: Int64, devices: [DeviceRecord]) {
        self.lastSequence = lastSequence
        self.devices = devices
    }

    /// Whether `device` holds compaction back at `now`: it was seen within `horizon` and has
    /// not acknowledged the whole log.
    package func holdsBack(_ device: DeviceRecord, now: Date, horizon: TimeInterval) -> Bool {
        device.acknowledgement.isCurrent(now: now, horizon: horizon) && device.acknowledgement.acknowledged < lastSequence
    }
}
