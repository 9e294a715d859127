import Foundation

/// A change as the server hands it out, with its place in the user's log.
package struct ServerChange: Sendable, Codable, Hashable {
    /// Per-user, gap-free, increasing.
    package var sequence: Int64
    package var change: Change

    package init(sequence: Int64, change: Change) {
        self.sequence = sequence
        self.change = change
    }
}
