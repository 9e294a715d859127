/// The order a pull with no cursor asks the log in (`GET /v1/pull?order=`). Later pages follow
/// the order their cursor names.
package enum PullOrder: String, Sendable, Equatable, CaseIterable {
    /// In sequence order, each page ending on a push transaction: what every device asks once
    /// it holds anything.
    case log
    /// Item by item: items in the order of their last change, every change of each item in
    /// the same page (docs/sync-protocol.md, "Initial pull by item"). For a device with nothing
    /// of its own: its pages no longer end on push transactions, and every item arrives whole,
    /// so a new device applies every page in bulk.
    case item
}
