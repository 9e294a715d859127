import Foundation
import GRDB
import Models

/// One search result.
package struct SearchHit: Sendable, Equatable, Codable {
    package enum Kind: String, Sendable, Codable {
        case article, note
    }

    package var kind: Kind
    package var id: String
    /// The article's title; for a note, the title of its article (nil when standalone).
    package var title: String?
    /// For a note, its article's id.
    package var articleID: String?
    /// Published date of an article (else when it was saved); creation date of a note.
    package var date: Date
    /// A short passage around the matches; matches lie between `SearchHit.matchStart` and
    /// `SearchHit.matchEnd` markers (see `snippetRanges`).
    package var snippet: String
    /// BM25 score (lower is better, as FTS5 reports it); 0 for filter-only searches.
    package var score: Double

    /// Marks the start of a match in `snippet`.
    package static let matchStart = "\u{1}"
    /// Marks the end of a match in `snippet`.
    package static let matchEnd = "\u{2}"

    /// The snippet without markers, and the character ranges of the matches in it.
    package var snippetRanges: (text: String, matches: [Range<Int>]) {
        var text = ""
        var matches: [Range<Int>] = []
        var start: Int?
        var count = 0
        for character in snippet {
            if String(character) == Self.matchStart {
                start = count
            } else if String(character) == Self.matchEnd {
                if let begin = start { matches.append(begin..<count) }
                start = nil
            } else {
                text.append(character)
                count += 1
            }
        }
        return (text, matches)
    }
}

extension Store {
    /// Runs a parsed search: one list across articles and notes, best first (BM25 with column
    /// weights title 10, tags 5, notes 3, body 1), then filtered by the query's qualifiers.
    /// Items in the trash, and notes of trashed articles, are left out.
    package func search(_ query: SearchQuery, limit: Int = 20) throws(StoreError) -> [SearchHit] {
        try read { db in
            let stems = try Self.indexedStems(db, prefixes: query.prefixWords)
            guard let expression = query.ftsExpression(stems: stems) else {
                let (filterSQL, filterArguments) = Self.filterSQL(for: query, overIndex: false)
                return try filterOnly(db, filterSQL: filterSQL, arguments: filterArguments, limit: limit)
            }
            let (filterSQL, filterArguments) = Self.filterSQL(for: query, overIndex: true)
            // The snippet should show what the user looks for, not the tag that narrowed the
            // match: for `tag:` searches it comes from the expression without the tags.
            let snippetExpression = query.tags.isEmpty ? expression : query.ftsExpression(stems: stems, narrowingByTags: false) ?? expression
            // Arguments as a literal: made from an array, each value is cast at run time, a search
            // of the runtime's conformance table for each type in every process.
            var arguments: StatementArguments = [snippetExpression, limit, expression]
            arguments += filterArguments
            arguments += [limit]
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.rankedSearchSQL(filter: filterSQL)), arguments: arguments)
            let statements = HitStatements(db)
            return try rows.compactMap { row in try hit(statements, rowid: row[0], snippet: row[2], score: row[1]) }
        }
    }

    /// The ranked full-text query: ranking by `folio_rank` (FTS5's BM25, the same scores, without
    /// the length lookups of rows that cannot be among the best: `Sources/CRanking`) rather than
    /// FTS5's `rank` column, which SQLite 3.40 sorts in full before the limit; then the snippets
    /// of the rows kept only (in the ranking's own pass SQLite would make one for every match
    /// before sorting). Arguments: the `MATCH` expression of the snippets, the limit, the
    /// expression of the ranking, the filter's arguments, the limit again.
    package static func rankedSearchSQL(filter: String = "1") -> String {
        """
        SELECT ranked.rowid, ranked.score,
               (SELECT snippet(searchIndex, -1, char(1), char(2), '…', 24) FROM searchIndex
                WHERE searchIndex MATCH ? AND rowid = ranked.rowid)
        FROM (SELECT rowid, folio_rank(searchIndex, ?, \(rankingWeights)) AS score
              FROM searchIndex WHERE searchIndex MATCH ? AND \(filter)
              ORDER BY score LIMIT ?) AS ranked
        ORDER BY ranked.score
        """
    }

    /// The same query with SQLite's own `bm25`, which gives the same rows, scores and snippets:
    /// what the benchmark's `sqlite3` baseline runs (it has no `folio_rank`). Arguments: the
    /// snippets' expression, the ranking's, the limit.
    package static func baselineSearchSQL() -> String {
        """
        SELECT ranked.rowid, ranked.score,
               (SELECT snippet(searchIndex, -1, char(1), char(2), '…', 24) FROM searchIndex
                WHERE searchIndex MATCH ? AND rowid = ranked.rowid)
        FROM (SELECT rowid, bm25(searchIndex, \(rankingWeights)) AS score
              FROM searchIndex WHERE searchIndex MATCH ? AND 1
              ORDER BY score LIMIT ?) AS ranked
        ORDER BY ranked.score
        """
    }

    /// The columns' weights in the ranking: title, tags, notes, body.
    static let rankingWeights = "10.0, 5.0, 3.0, 1.0"

    /// The FTS5 `MATCH` expression `search` runs for the query (nil for qualifiers alone),
    /// for benchmarks and diagnostics.
    package func ftsExpression(for query: SearchQuery) throws(StoreError) -> String? {
        try read { db in query.ftsExpression(stems: try Self.indexedStems(db, prefixes: query.prefixWords)) }
    }

    /// Merges the full-text index's segments (FTS5 'optimize'): worth it after a bulk import,
    /// it makes later searches faster.
    package func optimizeSearchIndex() throws(StoreError) {
        try write { db, _ in try db.execute(sql: "INSERT INTO searchIndex(searchIndex) VALUES('optimize')") }
    }

    /// For each prefix, the indexed terms that are shorter prefixes of it (at least 3
    /// letters): the stems of words that begin with it.
    static func indexedStems(_ db: Database, prefixes: [String]) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for prefix in prefixes where prefix.count > 3 {
            let candidates = (3..<prefix.count).map { String(prefix.prefix($0)) }
            let placeholders = candidates.map { _ in "?" }.joined(separator: ", ")
            let found = try String.fetchAll(
                db, sql: "SELECT term FROM searchVocabulary WHERE term IN (\(placeholders))", arguments: StatementArguments(candidates))
            if !found.isEmpty { result[prefix] = found }
        }
        return result
    }

    /// A search with qualifiers only: matching items, newest first.
    private func filterOnly(_ db: Database, filterSQL: String, arguments: StatementArguments, limit: Int) throws -> [SearchHit] {
        let rowids = try Int64.fetchAll(
            db,
            sql: """
                SELECT rowid FROM (
                    SELECT docid AS rowid, coalesce(publishedAt, savedAt) AS sortDate FROM article
                    UNION ALL SELECT docid - \(IndexLayout.noteOffset), createdAt FROM note
                ) AS searchIndex WHERE \(filterSQL) ORDER BY sortDate DESC LIMIT ?
                """,
            arguments: arguments + [limit])
        let statements = HitStatements(db)
        return try rowids.compactMap { rowid in
            let item = try hit(statements, rowid: rowid, snippet: "", score: 0)
            guard var found = item else { return nil }
            if found.kind == .article {
                found.snippet = try String.fetchOne(db, sql: "SELECT excerpt FROM article WHERE docid = ?", arguments: [rowid]) ?? ""
            } else {
                found.snippet = TextStatistics.shorten(
                    (try String.fetchOne(db, sql: "SELECT body FROM note WHERE docid = ?", arguments: [IndexLayout.noteDocid(rowid: rowid)]) ?? "")
                        .replacingOccurrences(of: "\n", with: " "), to: 160)
            }
            return found
        }
    }

    private func hit(_ statements: HitStatements, rowid: Int64, snippet: String, score: Double) throws -> SearchHit? {
        if rowid > 0 {
            guard let row = try Row.fetchOne(statements.article(), arguments: [rowid]) else { return nil }
            // Read as stored (`ISODate`): GRDB's own date decoding sets up a Foundation calendar,
            // a twentieth of a whole `folio search` process.
            let date = decodeStoredDate(row["publishedAt"]) ?? decodeStoredDate(row["savedAt"]) ?? .distantPast
            return SearchHit(kind: .article, id: row["id"], title: row["title"], articleID: nil, date: date, snippet: snippet, score: score)
        }
        guard let row = try Row.fetchOne(statements.note(), arguments: [IndexLayout.noteDocid(rowid: rowid)]) else { return nil }
        return SearchHit(
            kind: .note, id: row["id"], title: row["title"], articleID: row["articleID"], date: decodeStoredDate(row["createdAt"]) ?? .distantPast,
            snippet: snippet, score: score)
    }

    /// SQL conditions on `searchIndex.rowid` for the query's qualifiers, with their arguments.
    ///
    /// With `overIndex`, the rows come from the full-text index, which holds nothing from the
    /// trash; a query without qualifiers then needs no per-row lookup at all.
    static func filterSQL(for query: SearchQuery, overIndex: Bool) -> (String, StatementArguments) {
        let trashConditions = (article: ["a.trashedAt IS NULL"], note: ["n.trashedAt IS NULL", "(n.articleID IS NULL OR a.trashedAt IS NULL)"])
        var articleConditions: [String] = []
        var noteConditions: [String] = []
        var articleArguments: [any DatabaseValueConvertible] = []
        var noteArguments: [any DatabaseValueConvertible] = []
        for tag in query.tags {
            articleConditions.append("EXISTS (SELECT 1 FROM json_each(a.tags) WHERE value = ?)")
            articleArguments.append(tag)
            noteConditions.append("EXISTS (SELECT 1 FROM json_each(n.tags) WHERE value = ?)")
            noteArguments.append(tag)
        }
        for site in query.sites {
            let condition = "(lower(a.site) = ? OR lower(a.site) LIKE ? ESCAPE '\\')"
            let escaped =
                "%."
                + site.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
                    of: "_", with: "\\_")
            articleConditions.append(condition)
            articleArguments += [site, escaped]
            noteConditions.append(condition)
            noteArguments += [site, escaped]
        }
        if let state = query.state {
            articleConditions.append("a.state = ?")
            articleArguments.append(state.rawValue)
            noteConditions.append("a.state = ?")
            noteArguments.append(state.rawValue)
        }
        if query.starredOnly {
            articleConditions.append("a.starred")
            noteConditions.append("a.starred")
        }
        if let before = query.before {
            articleConditions.append("coalesce(a.publishedAt, a.savedAt) < ?")
            articleArguments.append(ISODate.format(before))
            noteConditions.append("n.createdAt < ?")
            noteArguments.append(ISODate.format(before))
        }
        if let after = query.after {
            articleConditions.append("coalesce(a.publishedAt, a.savedAt) >= ?")
            articleArguments.append(ISODate.format(after))
            noteConditions.append("n.createdAt >= ?")
            noteArguments.append(ISODate.format(after))
        }
        if articleConditions.isEmpty && noteConditions.isEmpty && overIndex {
            switch query.scope {
            case .articles: return ("searchIndex.rowid > 0", [])
            case .notes: return ("searchIndex.rowid < 0", [])
            case .all: return ("1", [])
            }
        }
        articleConditions = trashConditions.article + articleConditions
        noteConditions = trashConditions.note + noteConditions
        let articlePart =
            "(searchIndex.rowid > 0 AND EXISTS (SELECT 1 FROM article a WHERE a.docid = searchIndex.rowid AND \(articleConditions.joined(separator: " AND "))))"
        let notePart =
            "(searchIndex.rowid < 0 AND EXISTS (SELECT 1 FROM note n LEFT JOIN article a ON a.id = n.articleID WHERE n.docid = \(IndexLayout.noteDocidSQL) AND \(noteConditions.joined(separator: " AND "))))"
        switch query.scope {
        case .articles: return (articlePart, StatementArguments(articleArguments))
        case .notes: return (notePart, StatementArguments(noteArguments))
        case .all: return ("(\(articlePart) OR \(notePart))", StatementArguments(articleArguments + noteArguments))
        }
    }
}
