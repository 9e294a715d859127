import Foundation
import GRDB
import Models

/// Short ids: what the CLI shows and accepts for articles and notes.
///
/// A short id is the start of an id's random tail (its last 12 hex digits, `substr(id, 25)`),
/// as long as the library's size asks for (`EntityID.shortLength(forCount:)`, 4 digits up to
/// about 4,000 items) and longer where two tails share that start. A short id stays a prefix of
/// the same tail forever, so one printed earlier keeps working while it is unique; any prefix of
/// the full id works too. Both are range scans on an index (`article_id_tail`, `note_id_tail`
/// and the primary keys).
extension Store {
    /// The full id of the article whose id's tail, or else whose full id, starts with `typed`.
    package func resolveArticleID(_ typed: String) throws(StoreError) -> String {
        try resolve(typed, table: "article", kind: "article")
    }

    /// The full id of the note whose id's tail, or else whose full id, starts with `typed`.
    package func resolveNoteID(_ typed: String) throws(StoreError) -> String {
        try resolve(typed, table: "note", kind: "note")
    }

    private func resolve(_ typed: String, table: String, kind: String) throws(StoreError) -> String {
        guard let prefix = EntityID.canonicalPrefix(typed) else { throw .invalidID(typed) }
        let tail = EntityID.tailPrefix(typed)
        let (tailMatches, fullMatches) = try read { db in
            // Range scans: ids between the prefix and the prefix followed by a character above
            // every hex digit. No LIKE, so no pattern characters to escape.
            let tailMatches =
                try tail.map {
                    try String.fetchAll(
                        db,
                        sql: """
                            SELECT id FROM \(table) WHERE substr(id, 25) >= ? AND substr(id, 25) < ?
                            ORDER BY substr(id, 25), id LIMIT 6
                            """,
                        arguments: [$0, $0 + "\u{7F}"])
                } ?? []
            if !tailMatches.isEmpty { return (tailMatches, [String]()) }
            let fullMatches = try String.fetchAll(
                db, sql: "SELECT id FROM \(table) WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                arguments: [prefix, prefix + "\u{7F}"])
            return (tailMatches, fullMatches)
        }
        if tailMatches.count == 1 { return tailMatches[0] }
        if tailMatches.count > 1 {
            let tails = tailMatches.map(EntityID.tail(of:))
            let candidates = tailMatches.indices.map { index in
                let others = tails.indices.filter { $0 != index }.map { tails[$0] }
                return EntityID.uniqueTailLength(of: tails[index], neighbours: others, minimum: typed.count + 1)
                    .map { String(tails[index].prefix($0)) } ?? tailMatches[index]
            }
            throw .ambiguousID(prefix: typed, candidates: candidates)
        }
        switch fullMatches.count {
        case 0: throw .notFound(kind: kind, id: typed)
        case 1: return fullMatches[0]
        default:
            let length = fullMatches.map { EntityID.uniquePrefixLength(of: $0, neighbours: fullMatches) }.max() ?? 8
            throw .ambiguousID(
                prefix: typed, candidates: fullMatches.map { EntityID.prefix(of: $0, hexDigits: length) })
        }
    }

    /// For each id, its short id: the start of its tail that no other article's or note's tail
    /// shares, at least `EntityID.shortLength(forCount:)` digits for this library; the full id
    /// in the (astronomically unlikely) case of two ids with the same tail.
    package func shortIDs(_ ids: [String]) throws(StoreError) -> [String: String] {
        try read { db in
            let minimum = EntityID.shortLength(forCount: try ItemCounts.total(db))
            var result: [String: String] = [:]
            // The nearest tail at or below this one (another id with the very same tail comes
            // first) and the nearest above it, among articles and among notes: one statement an
            // id, looked up once (four, looked up for every id, made a search's short ids a
            // twelfth of its process).
            let statement = try db.cachedStatement(
                sql: """
                    SELECT
                      (SELECT substr(id, 25) FROM article WHERE substr(id, 25) <= :tail AND id <> :id
                        ORDER BY substr(id, 25) DESC LIMIT 1),
                      (SELECT substr(id, 25) FROM article WHERE substr(id, 25) > :tail ORDER BY substr(id, 25) LIMIT 1),
                      (SELECT substr(id, 25) FROM note WHERE substr(id, 25) <= :tail AND id <> :id
                        ORDER BY substr(id, 25) DESC LIMIT 1),
                      (SELECT substr(id, 25) FROM note WHERE substr(id, 25) > :tail ORDER BY substr(id, 25) LIMIT 1)
                    """)
            for id in ids where result[id] == nil {
                let tail = EntityID.tail(of: id)
                let row = try Row.fetchOne(statement, arguments: ["tail": tail, "id": id])
                let neighbours: [String] = (0..<4).compactMap { row?[$0] }
                result[id] =
                    EntityID.uniqueTailLength(of: tail, neighbours: neighbours, minimum: minimum)
                    .map { String(tail.prefix($0)) } ?? id
            }
            return result
        }
    }
}
