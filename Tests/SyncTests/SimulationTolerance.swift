/// A difference from "compaction changes nothing" that the simulation allows, and counts, in a
/// scenario where the server forgot a device (`Simulation.checkSuperseded`; docs/sync-protocol.md,
/// "A device that comes back").
enum SimulationTolerance: Equatable {
    /// A note shows a conflict where the forgotten device's edit would have merged with
    /// versions that went while it was away; every line is still there.
    case conflictInsteadOfMerge
    /// An item purged while the device was away, brought back by its later write, came back as
    /// the device held it, without what only other devices wrote before the purge.
    case purgedHistoryStaysGone
}
