import Foundation

/// The server's answer to a `RejoinRequest`.
package struct RejoinResponse: Sendable, Codable, Hashable {
    /// Held changes the server compacted that it needs again (an older change of an item it
    /// holds a later purge of): the device sends them whole.
    package var restore: [HLCTimestamp]
    /// Held changes the server compacted that no device needs (superseded, or a note version
    /// its later versions come from): the device drops them too, so that it shows what every
    /// other device shows.
    package var forget: [HLCTimestamp]
    /// Held note snapshots (`create`) the server keeps without their body (rule 6 took it: a
    /// version later versions come from): the device drops the body from its copy too.
    package var withoutBody: [HLCTimestamp]
    /// How many of the request's changes the server stored again.
    package var restored: Int
    /// Whether the server still waits for the device to complete.
    package var rejoining: Bool

    package init(
        restore: [HLCTimestamp] = [], forget: [HLCTimestamp] = [], withoutBody: [HLCTimestamp] = [], restored: Int = 0, rejoining: Bool
    ) {
        self.restore = restore
        self.forget = forget
        self.withoutBody = withoutBody
        self.restored = restored
        self.rejoining = rejoining
    }
}
