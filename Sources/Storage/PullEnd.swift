/// The page that ends a pull (`hasMore` false), as `Store.applyRemote` needs it: how far this
/// device's log was pushed when the pull began (the server numbered those changes before, so
/// at or below the sequence the pull ends at), and the settled sequence the page came with
/// (`PullResponse.settled`; nil from older servers).
package struct PullEnd: Sendable, Equatable {
    package var pushedThrough: Int64
    package var settled: Int64?

    package init(pushedThrough: Int64, settled: Int64?) {
        self.pushedThrough = pushedThrough
        self.settled = settled
    }
}
