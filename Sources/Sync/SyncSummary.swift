/// What one sync did.
package struct SyncSummary: Sendable, Codable, Equatable {
    package var pushed = 0
    package var duplicates = 0
    package var rejected = 0
    package var pulled = 0
    /// Articles and notes added, changed or removed here by what was pulled.
    package var merged = 0
    /// The server had lost its data; everything local was pushed again.
    package var serverWasReset = false
    /// This store had been put back from an older copy: it continues as a new device, and
    /// pulled the whole log again (see `PushResponse.deviceRestored`).
    package var deviceWasRestored = false
    /// Articles and notes that pulled changes moved to the trash or deleted.
    package var removed = 0
    /// How the device compared with the server after the sync (see `SyncEngine.verify`).
    package var digest: DigestCheck = .skipped
    /// Bytes sent and received, as on the wire (HTTP headers and compressed bodies).
    package var bytesSent = 0
    package var bytesReceived = 0
    /// Notes in conflict on this device after the sync (`folio note resolve`).
    package var conflictedNotes = 0
    /// Articles and notes this version of Folio cannot read after the sync (a newer one wrote
    /// them): each keeps its last good form.
    package var unreadableItems = 0
    /// The server had compacted, while it was not waiting for this device, changes the device
    /// held, and the device rejoined (docs/sync-protocol.md, "A device that comes back"); nil
    /// when it did not.
    package var rejoin: Rejoin?

    /// What a rejoin did.
    package struct Rejoin: Sendable, Codable, Equatable {
        /// Changes the server had compacted and stored again from this device (the older
        /// changes of an item purged elsewhere that this device wrote to).
        package var sentBack = 0
        /// Changes this device dropped as the server had (superseded, or note versions that
        /// later versions come from).
        package var dropped = 0
        var done = false

        package init() {}

        private enum CodingKeys: String, CodingKey { case sentBack, dropped }
    }

    package init() {}

    /// Adds what a second sync did.
    package mutating func add(_ other: SyncSummary) {
        pushed += other.pushed
        duplicates += other.duplicates
        rejected += other.rejected
        pulled += other.pulled
        merged += other.merged
        removed += other.removed
        serverWasReset = serverWasReset || other.serverWasReset
        deviceWasRestored = deviceWasRestored || other.deviceWasRestored
        if other.digest != .skipped { digest = other.digest }
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        conflictedNotes = other.conflictedNotes
        unreadableItems = other.unreadableItems
        if let rejoin = other.rejoin { self.rejoin = rejoin }
    }
}
