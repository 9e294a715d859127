/// What a compaction freed, for `compact` commands and logs.
package struct CompactionReport: Sendable, Equatable {
    /// Changes deleted.
    package var changesDropped = 0
    /// Changes kept with a smaller value (a snapshot without the members that lost).
    package var changesRewritten = 0
    /// Bytes of values freed.
    package var bytesFreed = 0
    /// Items looked at.
    package var itemsExamined = 0
    /// Items that may still shrink once devices acknowledge more (or changes arrive).
    package var itemsPending = 0

    package init() {}

    /// Counts one item's compaction (`ServerCompaction.plan(for:settled:)`).
    package mutating func add(_ item: ItemCompaction) {
        changesDropped += item.drops.count
        changesRewritten += item.rewrites.count
        bytesFreed += item.freedBytes
        itemsExamined += 1
    }

    package mutating func add(_ other: CompactionReport) {
        changesDropped += other.changesDropped
        changesRewritten += other.changesRewritten
        bytesFreed += other.bytesFreed
        itemsExamined += other.itemsExamined
        itemsPending = other.itemsPending
    }
}
