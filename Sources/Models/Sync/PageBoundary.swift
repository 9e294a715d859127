import Foundation

/// Where a pull page ends. A page holds at most `limit` changes and, past its first change,
/// about `byteBudget` bytes of values; then it runs on to the end of the push transaction its
/// last change belongs to, so that a page does not end inside one (docs/sync-protocol.md),
/// unless that end is more than `maximumRunOn` changes further: a transaction stored before
/// pushes were capped (one held 250,000 changes) is then cut like any run of changes, and the
/// cursor, which names the last change of the page, resumes inside it.
/// Server repositories first read the sizes of the next `limit` changes, cut, then read the
/// page; `SyncLog` follows the same rule in memory.
package enum PageBoundary {
    /// Values per page, roughly: a page of 500 large articles must not be gigabytes.
    package static let byteBudget = 4 << 20

    /// The most changes a page runs on past its cut to end with a transaction: one push's
    /// worth (`PushRequest.mutationLimit`).
    package static let maximumRunOn = Int64(PushRequest.mutationLimit)

    /// One change after the cursor, as the cut sees it.
    package struct Entry: Sendable, Equatable {
        package var sequence: Int64
        /// The last sequence of the push transaction that stored the change (nil for changes
        /// stored before transactions were recorded: each is its own).
        package var transactionEnd: Int64?
        package var bytes: Int

        package init(sequence: Int64, transactionEnd: Int64?, bytes: Int) {
            self.sequence = sequence
            self.transactionEnd = transactionEnd
            self.bytes = bytes
        }
    }

    /// The last sequence of the page that starts with `entries` (in sequence order), or nil
    /// when there is nothing after the cursor.
    package static func end(of entries: [Entry], byteBudget: Int = byteBudget) -> Int64? {
        guard let first = entries.first else { return nil }
        var last = first
        var bytes = first.bytes
        for entry in entries.dropFirst() {
            bytes += entry.bytes
            if bytes > byteBudget { break }
            last = entry
        }
        let transactionEnd = last.transactionEnd ?? last.sequence
        return transactionEnd - last.sequence <= maximumRunOn ? max(last.sequence, transactionEnd) : last.sequence
    }

    /// One item whose last change is after a by-item cursor, as the cut sees it: that last
    /// sequence, and the value bytes of the changes a pull would send of it.
    package struct Item: Sendable, Equatable {
        package var last: Int64
        package var bytes: Int

        package init(last: Int64, bytes: Int) {
            self.last = last
            self.bytes = bytes
        }
    }

    /// The last sequence of the page by item that starts with `items` (in the order of their
    /// last change), or nil when there is no item: the first item whole, then each next one
    /// whole while the page holds at most `limit` items and about `byteBudget` bytes of values.
    /// A page never holds part of an item. Its limit counts items, not changes: a library
    /// whose items were edited sends each with a few changes, and counting those would cut its
    /// initial sync into three times the pages of the same library made without edits, each
    /// page with its own request and transaction (docs/benchmarks.md).
    package static func end(ofItems items: [Item], limit: Int, byteBudget: Int = byteBudget) -> Int64? {
        guard let first = items.first else { return nil }
        var last = first.last
        var bytes = first.bytes
        for (index, item) in items.enumerated().dropFirst() {
            bytes += item.bytes
            if index >= limit || bytes > byteBudget { break }
            last = item.last
        }
        return last
    }
}
