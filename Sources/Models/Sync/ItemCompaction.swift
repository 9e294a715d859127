/// What compacting one item of a server's log does (`ServerCompaction.plan(for:settled:)`): the
/// stored changes to delete, the ones to keep with a smaller value, and whether the item must
/// be looked at again. `SyncLog` and both database backends carry it out.
package struct ItemCompaction: Sendable, Equatable {
    /// The changes to delete (their clocks stay, so a retried push of one is a `duplicate`).
    package var drops: [ServerChange] = []
    /// The changes to keep, with their new (smaller) values.
    package var rewrites: [ServerChange] = []
    /// The bytes of values freed.
    package var freedBytes = 0
    /// Some change of the item is not settled yet: rules 5 and 6 may drop more once every
    /// device acknowledges it, so the item goes back on the queue.
    package var stillPending = false

    package init() {}

    /// Takes the dropped changes out of the digest of every change held.
    package func remove(from tally: inout LibraryDigest.Tally) {
        for stored in drops {
            tally.remove(entity: stored.change.entity, id: stored.change.entityID, timestamp: stored.change.timestamp.description)
        }
    }
}
