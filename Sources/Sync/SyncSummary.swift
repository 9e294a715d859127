/// What one sync did.
public struct SyncSummary: Sendable, Codable, Equatable {
    public var pushed = 0
    public var duplicates = 0
    public var rejected = 0
    public var pulled = 0
    /// Articles and notes added, changed or removed here by what was pulled.
    public var merged = 0
    /// The server had lost its data; everything local was pushed again.
    public var serverWasReset = false
    /// This store had been put back from an older copy: it continues as a new device, and
    /// pulled the whole log again (see `PushResponse.deviceRestored`).
    public var deviceWasRestored = false
    /// Articles and notes that pulled changes moved to the trash or deleted.
    public var removed = 0
    /// How the device compared with the server after the sync (see `SyncEngine.verify`).
    public var digest: DigestCheck = .skipped
    /// Bytes sent and received, as on the wire (HTTP headers and compressed bodies).
    public var bytesSent = 0
    public var bytesReceived = 0
    /// Notes in conflict on this device after the sync (`folio note resolve`).
    public var conflictedNotes = 0
    /// Articles and notes this version of Folio cannot read after the sync (a newer one wrote
    /// them): each keeps its last good form.
    public var unreadableItems = 0

    public init() {}

    /// Adds what a second sync did.
    public mutating func add(_ other: SyncSummary) {
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
