/// What a push does (`SyncRules.planPush`): the answer, and the writes a backend carries out
/// in the same transaction.
package struct PushPlan: Sendable, Equatable {
    /// A refused mutation, kept so that a retry gets the same answer.
    package struct Rejection: Sendable, Equatable {
        package var deviceSequence: Int64
        package var reason: String
    }

    /// The writes of an accepted push, in this order: the changes, the refusals, the digest,
    /// each change's `transactionEnd`, and the device's row.
    package struct Writes: Sendable, Equatable {
        /// The changes to store, numbered from `firstSequence` without gaps.
        package var inserts: [ServerChange] = []
        package var rejections: [Rejection] = []
        /// The device's highest processed sequence after this push (written even when nothing
        /// else is: the device row also keeps its name).
        package var lastProcessed: Int64
        /// The sequence the first insert takes.
        package var firstSequence: Int64
        /// What the inserts add to the user's digest.
        package var tally = LibraryDigest.Tally()

        /// The last sequence of this push's transaction: every insert's `transactionEnd`.
        package var transactionEnd: Int64 { inserts.last?.sequence ?? firstSequence - 1 }

        /// The items the inserts are about, each once, in the order of their first insert (the
        /// order compaction queues them in).
        package var items: [ItemKey] {
            var seen = Set<ItemKey>()
            return inserts.map { ItemKey($0.change) }.filter { seen.insert($0).inserted }
        }

        func rejection(for sequence: Int64) -> String? {
            rejections.last { $0.deviceSequence == sequence }?.reason
        }
    }

    /// What the device is told.
    package var response: PushResponse
    /// Nil when nothing is written: another epoch, or a device restored from an older copy.
    package var writes: Writes?
}
