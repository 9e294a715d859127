extension MergeState {
    /// The state `MergeRules` make of `changes`, all about one item: the same in any order.
    package init(merging changes: some Sequence<Change>) {
        self.init()
        for change in changes { MergeRules.apply(change, to: &self) }
    }
}
