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
    }
}
