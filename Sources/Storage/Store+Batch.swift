import Foundation
import GRDB
import Models

/// Bulk operations: one transaction for the lot, so a list of ids is changed entirely or not
/// at all (an unknown id or an item in the wrong state leaves every item as it was).
extension Store {
    /// Applies one edit to each article, in one transaction. Returns the articles as they now
    /// are, in the order given (an id given twice is edited once).
    @discardableResult
    package func edit(articleIDs ids: [String], _ edit: ArticleEdit) throws(StoreError) -> [Article] {
        try Self.validate(edit)
        return try write { db, recorder in
            try Self.unique(ids).map { id in try applyEdit(db, &recorder, articleID: id, edit) }
        }
    }

    /// Adds and removes tags of articles and notes, in one transaction. Returns each item's
    /// tags as they now are, in the order given.
    @discardableResult
    package func changeTags(_ items: [ItemID], add: [String], remove: [String]) throws(StoreError) -> [(item: ItemID, tags: [String])] {
        try write { db, recorder in
            try Self.unique(items).map { item in
                switch item {
                case .article(let id):
                    var edit = ArticleEdit()
                    edit.addTags = add
                    edit.removeTags = remove
                    return (item, try applyEdit(db, &recorder, articleID: id, edit).tags)
                case .note(let id):
                    var edit = NoteEdit()
                    edit.addTags = add
                    edit.removeTags = remove
                    return (item, try applyEdit(db, &recorder, noteID: id, edit).tags)
                }
            }
        }
    }

    /// Moves articles and notes to the trash, in one transaction.
    package func trash(_ items: [ItemID]) throws(StoreError) { try setTrashed(items, trashed: true) }

    /// Takes articles and notes out of the trash, in one transaction.
    package func restore(_ items: [ItemID]) throws(StoreError) { try setTrashed(items, trashed: false) }

    private func setTrashed(_ items: [ItemID], trashed: Bool) throws(StoreError) {
        try write { db, recorder in
            for item in Self.unique(items) {
                switch item {
                case .article(let id): try Self.setTrashed(db, &recorder, Article.self, id: id, trashed: trashed)
                case .note(let id): try Self.setTrashed(db, &recorder, Note.self, id: id, trashed: trashed)
                }
            }
        }
    }

    /// The values in their first order, each once.
    package static func unique<Value: Hashable>(_ values: [Value]) -> [Value] {
        var seen = Set<Value>()
        return values.filter { seen.insert($0).inserted }
    }
}
