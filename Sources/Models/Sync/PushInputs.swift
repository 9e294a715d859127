/// What a backend reads, inside its push transaction, before `SyncRules.planPush` decides.
package struct PushInputs: Sendable, Equatable {
    /// The server's epoch.
    package var epoch: String
    /// The highest device sequence processed (applied or refused) from the pushing device; 0
    /// for a device never seen.
    package var lastProcessed: Int64
    /// Why earlier mutations of the device were refused, by device sequence: at least those
    /// of `SyncRules.processedSequences(of:lastProcessed:)`.
    package var rejections: [Int64: String]
    /// Which of the request's clock timestamps the user's log already holds (more is fine).
    package var storedTimestamps: Set<HLCTimestamp>
    /// The last sequence of the user's log (0 when empty).
    package var lastSequence: Int64

    package init(epoch: String, lastProcessed: Int64, rejections: [Int64: String], storedTimestamps: Set<HLCTimestamp>, lastSequence: Int64) {
        self.epoch = epoch
        self.lastProcessed = lastProcessed
        self.rejections = rejections
        self.storedTimestamps = storedTimestamps
        self.lastSequence = lastSequence
    }
}
