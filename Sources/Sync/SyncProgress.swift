/// How far a sync has got, for a progress display.
package enum SyncProgress: Sendable, Equatable {
    /// `done` of `total` local changes pushed.
    case pushing(done: Int, total: Int)
    /// `done` changes pulled so far.
    case pulling(done: Int)
}
