/// What a pull reads (`SyncRules.planPull`): a backend reads the sizes of the changes after
/// `start` (up to the request's limit, leaving out the asking device's own), asks `end(of:)`
/// where the page stops, reads the changes up to there, and answers `response(with:end:)`.
///
/// By item (`byItem`), a backend reads instead the items whose last change is after `start`
/// and at or below `newest`, in that order (up to the request's limit of items), with the
/// sizes of their changes; asks `end(ofItems:limit:)` where the page stops; and answers with
/// every change of the items whose last change is up to there, item after item.
package struct PullPlan: Sendable, Equatable {
    package var epoch: String
    /// The page starts after this sequence (0: the start of the log).
    package var start: Int64
    /// The log's last sequence when the pull began.
    package var newest: Int64
    /// The cursor was of another epoch, or past the end of the log: the page starts over.
    package var epochChanged: Bool
    /// The asking device's log ends below what the server processed from it: the answer is an
    /// empty page that says so, and nothing is read.
    package var deviceRestored: Bool
    /// The cursor the device sent.
    package var cursor: String?
    /// The page is by item (`PullOrder.item`): `start` is the last change of the last item the
    /// device has whole.
    package var byItem = false

    /// The last sequence of the page that starts with `entries` (the changes after `start`, in
    /// order, as the cut sees them). With nothing left but the asking device's own changes,
    /// the cursor moves past them to `newest`.
    package func end(of entries: [PageBoundary.Entry]) -> Int64 {
        max(start, PageBoundary.end(of: entries) ?? newest)
    }

    /// The last change of the last item of the page by item whose first items are `items`
    /// (each item whose last change is after `start`, in that order, as the cut sees it).
    /// With none left, the page ends at `newest`.
    package func end(ofItems items: [PageBoundary.Item], limit: Int) -> Int64 {
        max(start, PageBoundary.end(ofItems: items, limit: limit) ?? newest)
    }

    /// The answer, with the changes read after `start` up to `end` (by item: every change of
    /// the items whose last change is after `start` and at or below `end`). A pull by item that
    /// reaches `newest` answers the ordinary cursor there: the device then holds every change
    /// up to it. `settled` is the log's settled sequence as the backend computed it.
    package func response(with changes: [ServerChange], end: Int64, settled: Int64? = nil) -> PullResponse {
        if deviceRestored { return PullResponse(changes: [], cursor: cursor ?? "", hasMore: false, deviceRestored: true) }
        return PullResponse(
            changes: changes, cursor: SyncCursor(epoch: epoch, sequence: end, byItem: byItem && end < newest).token, hasMore: end < newest,
            epochChanged: epochChanged, settled: epochChanged ? nil : settled)
    }
}
