import Foundation

/// A page of changes after a cursor.
package struct PullResponse: Sendable, Codable, Hashable {
    package var changes: [ServerChange]
    /// The cursor to ask from next time (the last change of this page, or the one given).
    package var cursor: String
    /// Whether more changes follow this page.
    package var hasMore: Bool
    /// True when the cursor given belonged to another epoch: the page starts from the
    /// beginning of the server's log, and the device must reconcile (push what the server
    /// lacks) rather than trust what it had.
    package var epochChanged: Bool
    /// The asking device said its log ends below what the server has processed from it: its
    /// store was put back from an older copy (see `PushResponse.deviceRestored`). The page is
    /// empty. Absent from servers that do not check it.
    package var deviceRestored: Bool?
    /// The sequence up to which every device the server waits for holds the log when the page
    /// was read (`ServerCompaction.settledSequence`): a device applies the rules that need it
    /// (a settled purge, a settled note head) to the changes it knows to be at or below it
    /// (docs/sync-protocol.md, "Note versions on devices"). Absent from older servers.
    package var settled: Int64?
    /// The server compacted, while it was not waiting for the asking device, changes the
    /// device may hold: before it applies this page, the device rejoins (`RejoinRequest`,
    /// docs/sync-protocol.md, "A device that comes back"). Absent from older servers, and
    /// when the pull does not name its device.
    package var rejoin: Bool?

    package init(
        changes: [ServerChange], cursor: String, hasMore: Bool, epochChanged: Bool = false, deviceRestored: Bool? = nil,
        settled: Int64? = nil
    ) {
        self.changes = changes
        self.cursor = cursor
        self.hasMore = hasMore
        self.epochChanged = epochChanged
        self.deviceRestored = deviceRestored
        self.settled = settled
    }
}
