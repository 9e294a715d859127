import GRDB
import Models

/// An article's text is kept once on a device: in its row. A merged creation (another
/// device's snapshot in `remoteChange`) whose `content` is the text the row holds keeps its
/// snapshot without it (`contentInRow` set), and every read of the merged changes puts the
/// row's text back in (`valueSQL`). A synced article's text was otherwise kept twice, and the
/// log's copy, in a table whose rows spill into overflow pages, made up half of a store.
///
/// What keeps it sure: a change is marked only while the row holds exactly its text, and
/// before a row's text changes or the row goes (a later text, a purge), every marked change
/// of that article gets the text back in full (`restore`). The two places that write or delete
/// article rows, `LibraryRecord.updateIndexed` and `deleteIndexed`, call it. So a marked
/// change always reads back with its own text, even when it no longer wins or its item comes
/// back after a purge (a write later than the purge brings back every field). Only members no
/// merge reads (`MergeRules.derivedFields`) are gone for good.
enum ContentInRow {
    /// The `value` column of `remoteChange` as merged: with the row's text put back into a
    /// marked snapshot. A marked change whose article row were missing would read with a null
    /// text, which no merge decodes: the item would be unreadable, never silently emptied.
    static let valueSQL =
        "CASE WHEN remoteChange.contentInRow THEN json_set(remoteChange.value, '$.content', (SELECT content FROM article WHERE article.id = remoteChange.entityID)) ELSE remoteChange.value END"

    /// The `value` column of `remoteChange` for merges that read no article text (the clocks
    /// of the winners, or everything but the text): a marked snapshot reads with an empty text,
    /// so it still writes `content` at its clock, and its real text, the row's, is not copied
    /// into it. `Store.rebuild` puts the row's text in when such a snapshot wins.
    static let placeholderSQL = "CASE WHEN remoteChange.contentInRow THEN json_set(remoteChange.value, '$.content', '') ELSE remoteChange.value END"

    /// SQL that takes the text out of `value`, and with it the members every merge computes
    /// again from the others and never reads (`MergeRules.derivedFields`, tags aside): the
    /// excerpt alone was half of what was left of a snapshot.
    static func takenSQL(value: String) -> String {
        let paths = (["content"] + MergeRules.derivedFields.subtracting(["tags"]).sorted()).map { "'$.\($0)'" }
        return "json_remove(\(value), \(paths.joined(separator: ", ")))"
    }

    /// Whether `value` (a parameter) is an article snapshot whose text is the text of the row
    /// of article `entityID` (another parameter): SQL for a `remoteChange` row about to be
    /// written. Values that are not JSON objects never match.
    static func matchesRowSQL(value: String, entity: String, operation: String, entityID: String) -> String {
        """
        coalesce(\(entity) = 'article' AND \(operation) = 'create' AND CASE WHEN json_valid(\(value)) THEN
            json_type(\(value), '$.content') = 'text'
            AND json_extract(\(value), '$.content') = (SELECT content FROM article WHERE article.id = \(entityID))
        ELSE 0 END, 0)
        """
    }

    /// Takes the text out of the article's merged snapshots that hold the row's text.
    /// Returns the bytes it took out.
    @discardableResult
    static func take(_ db: Database, articleID: String) throws -> Int {
        let matches = matchesRowSQL(value: "value", entity: "entity", operation: "operation", entityID: "entityID")
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT timestamp, length(CAST(value AS BLOB)) AS before, \(takenSQL(value: "value")) AS taken FROM remoteChange
                    WHERE entityID = ? AND NOT contentInRow AND \(matches)
                    """),
            arguments: [articleID])
        var freed = 0
        for row in rows {
            let taken: String = row["taken"]
            try db.cachedStatement(sql: "UPDATE remoteChange SET value = ?, contentInRow = 1 WHERE timestamp = ?")
                .execute(arguments: [taken, row["timestamp"] as String])
            freed += (row["before"] as Int) - taken.utf8.count
        }
        return freed
    }

    /// Puts the row's text back into the article's marked snapshots: called before the row's
    /// text changes or the row is deleted.
    static func restore(_ db: Database, articleID: String) throws {
        try db.cachedStatement(
            sql: """
                UPDATE remoteChange
                SET value = json_set(value, '$.content', (SELECT content FROM article WHERE id = ?1)), contentInRow = 0
                WHERE entityID = ?1 AND contentInRow
                """
        ).execute(arguments: [articleID])
    }
}
