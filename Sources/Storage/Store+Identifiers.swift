import Foundation
import GRDB
import Models

extension Store {
    /// The full id of the article whose id starts with `typed` (any unique prefix).
    public func resolveArticleID(_ typed: String) throws(StoreError) -> String {
        try resolve(typed, table: "article", kind: "article")
    }

    /// The full id of the note whose id starts with `typed` (any unique prefix).
    public func resolveNoteID(_ typed: String) throws(StoreError) -> String {
        try resolve(typed, table: "note", kind: "note")
    }

    private func resolve(_ typed: String, table: String, kind: String) throws(StoreError) -> String {
        guard let prefix = EntityID.canonicalPrefix(typed) else { throw .invalidID(typed) }
        let matches = try read { db in
            // Range scan on the unique index: ids between the prefix and the prefix followed by
            // the highest hex digit. No LIKE, so no pattern characters to escape.
            try String.fetchAll(
                db, sql: "SELECT id FROM \(table) WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                arguments: [prefix, prefix + "\u{7F}"])
        }
        switch matches.count {
        case 0: throw .notFound(kind: kind, id: typed)
        case 1: return matches[0]
        default:
            let length = matches.map { EntityID.uniquePrefixLength(of: $0, neighbours: matches) }.max() ?? 8
            throw .ambiguousID(prefix: typed, candidates: matches.map { EntityID.prefix(of: $0, hexDigits: length) })
        }
    }

    /// For each id, the shortest prefix (at least 8 hex digits) that no other article or note
    /// id shares, as the CLI shows it.
    public func shortIDs(_ ids: [String]) throws(StoreError) -> [String: String] {
        try read { db in
            var result: [String: String] = [:]
            for id in ids {
                var neighbours: [String] = []
                for table in ["article", "note"] {
                    let before = try db.cachedStatement(sql: "SELECT id FROM \(table) WHERE id < ? ORDER BY id DESC LIMIT 1")
                    let after = try db.cachedStatement(sql: "SELECT id FROM \(table) WHERE id > ? ORDER BY id LIMIT 1")
                    neighbours += try String.fetchAll(before, arguments: [id]) + String.fetchAll(after, arguments: [id])
                }
                result[id] = EntityID.prefix(of: id, hexDigits: EntityID.uniquePrefixLength(of: id, neighbours: neighbours))
            }
            return result
        }
    }
}
