/// What `Store.applyRemote` did.
package struct RemoteApplyResult: Sendable, Equatable {
    /// Changes stored for the first time.
    package var stored: Int
    /// Changes already known (this device's own, or received before): stored nothing.
    package var known: Int
    /// Articles and notes whose stored form changed (added, updated or removed).
    package var itemsChanged: Int
    /// Articles and notes that were here and out of the trash, and are now in the trash or
    /// gone (a note removed with its article is not counted again).
    package var itemsRemoved = 0
    /// Articles and notes applied in bulk: the store knew nothing of them (see
    /// `Store.applyRemote`).
    package var itemsInBulk = 0
}
