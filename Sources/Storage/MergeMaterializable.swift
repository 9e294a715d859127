import Models

/// Items that can be rebuilt from a merge state.
protocol MergeMaterializable: Equatable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Self>
    /// This item with the text of `row`, and what derives from it: for an item whose winning
    /// text is the one its row holds (`Store.mergedStateLeavingRowText`).
    func withText(of row: Self) -> Self
}

extension Article: MergeMaterializable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Article> { state.article(id: id) }

    func withText(of row: Article) -> Article {
        var article = self
        article.setContent(row.content)
        return article
    }
}

extension Note: MergeMaterializable {
    static func materialize(_ state: MergeState, id: String) -> MergedItem<Note> { state.note(id: id) }

    func withText(of row: Note) -> Note { self }
}
