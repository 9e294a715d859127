import Foundation

/// One local change as a device pushes it, numbered by the device: the number is what makes
/// pushes idempotent (the server applies each device's numbers once, in order).
package struct Mutation: Sendable, Codable, Hashable {
    /// The device's own increasing number for this change (its change-log sequence).
    package var deviceSequence: Int64
    package var change: Change

    package init(deviceSequence: Int64, change: Change) {
        self.deviceSequence = deviceSequence
        self.change = change
    }
}
