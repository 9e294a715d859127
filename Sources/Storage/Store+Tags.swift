import Foundation
import GRDB
import Models

/// A tag and how many items outside the trash carry it.
package struct TagCount: Equatable, Sendable, Codable {
    package var name: String
    package var articles: Int
    package var notes: Int
}

/// What renaming or removing a tag changed.
package struct TagChange: Equatable, Sendable, Codable {
    package var articles: Int
    package var notes: Int
}

/// The library's tags as a whole: counts, renames and removals across every item, each an
/// ordinary tag change per item (so they sync), in one transaction.
extension Store {
    /// Every tag used by an article or note outside the trash, by name.
    package func tagCounts() throws(StoreError) -> [TagCount] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT name, sum(isArticle) AS articles, sum(1 - isArticle) AS notes FROM (
                        SELECT tag.value AS name, 1 AS isArticle FROM article, json_each(article.tags) AS tag
                        WHERE article.trashedAt IS NULL
                        UNION ALL
                        SELECT tag.value, 0 FROM note, json_each(note.tags) AS tag
                        WHERE note.trashedAt IS NULL
                    ) GROUP BY name ORDER BY name
                    """
            ).map { TagCount(name: $0["name"], articles: $0["articles"], notes: $0["notes"]) }
        }
    }

    /// Replaces tag `old` by `new` on every article and note that has it, trashed ones
    /// included (so a restored item does not bring the old name back). An item that already
    /// has `new` simply loses `old`.
    @discardableResult
    package func renameTag(_ old: String, to new: String) throws(StoreError) -> TagChange {
        guard let old = Tag.normalize(old) else { throw .invalidValue("a tag cannot be empty") }
        guard let new = Tag.normalize(new) else { throw .invalidValue("a tag cannot be empty") }
        guard old != new else { throw .invalidValue("#\(old) and #\(new) are the same tag") }
        return try changeEveryItem(tagged: old, add: [new], remove: [old])
    }

    /// Removes tag `name` from every article and note that has it, trashed ones included.
    @discardableResult
    package func removeTag(_ name: String) throws(StoreError) -> TagChange {
        guard let name = Tag.normalize(name) else { throw .invalidValue("a tag cannot be empty") }
        return try changeEveryItem(tagged: name, add: [], remove: [name])
    }

    private func changeEveryItem(tagged tag: String, add: [String], remove: [String]) throws(StoreError) -> TagChange {
        try write { db, recorder in
            func ids(_ table: String) throws -> [String] {
                try String.fetchAll(
                    db, sql: "SELECT id FROM \(table) WHERE EXISTS (SELECT 1 FROM json_each(\(table).tags) WHERE value = ?)",
                    arguments: [tag])
            }
            let articleIDs = try ids("article")
            let noteIDs = try ids("note")
            guard !articleIDs.isEmpty || !noteIDs.isEmpty else { throw StoreError.unknownTag(tag) }
            var articleEdit = ArticleEdit()
            articleEdit.addTags = add
            articleEdit.removeTags = remove
            for id in articleIDs { _ = try applyEdit(db, &recorder, articleID: id, articleEdit) }
            var noteEdit = NoteEdit()
            noteEdit.addTags = add
            noteEdit.removeTags = remove
            for id in noteIDs { _ = try applyEdit(db, &recorder, noteID: id, noteEdit) }
            return TagChange(articles: articleIDs.count, notes: noteIDs.count)
        }
    }
}
