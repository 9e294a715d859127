import Foundation

/// The server's answer to a push.
package struct PushResponse: Sendable, Codable, Hashable {
    package var results: [MutationResult]
    /// The server's epoch.
    package var epoch: String
    /// The request named another epoch: nothing was applied.
    package var epochChanged: Bool
    /// The push numbered new changes with device sequences the server had already processed
    /// for other changes: the device's store was put back from an older copy. Nothing was
    /// applied; the device continues under a new device id (its sequences are then new) and
    /// pulls the whole log again, which brings back what it made after the copy. Absent from
    /// servers that do not check it.
    package var deviceRestored: Bool?

    package init(results: [MutationResult], epoch: String, epochChanged: Bool = false, deviceRestored: Bool? = nil) {
        self.results = results
        self.epoch = epoch
        self.epochChanged = epochChanged
        self.deviceRestored = deviceRestored
    }
}
