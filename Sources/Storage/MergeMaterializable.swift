import Models

/// Items that can be rebuilt from a merge state.
protocol MergeMaterializable: Equatable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Self>
}

extension Article: MergeMaterializable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Article> { state.article(id: id) }
}

extension Note: MergeMaterializable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Note> { state.note(id: id) }
}
