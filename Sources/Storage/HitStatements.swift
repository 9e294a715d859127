import GRDB

/// The statements that read a search hit's item, each prepared once a search when first needed
/// (looking a cached statement up by its SQL for every hit cost a short `folio search` a
/// twentieth of its process: docs/benchmarks.md, "Search").
final class HitStatements {
    private let db: Database
    private var articleStatement: Statement?
    private var noteStatement: Statement?

    init(_ db: Database) {
        self.db = db
    }

    /// An article's id, title and dates, by its docid.
    func article() throws -> Statement {
        if let articleStatement { return articleStatement }
        let statement = try db.cachedStatement(sql: "SELECT id, title, publishedAt, savedAt FROM article WHERE docid = ?")
        articleStatement = statement
        return statement
    }

    /// A note's id, article, creation date and its article's title, by its docid.
    func note() throws -> Statement {
        if let noteStatement { return noteStatement }
        let statement = try db.cachedStatement(
            sql:
                "SELECT note.id, note.articleID, note.createdAt, article.title FROM note LEFT JOIN article ON article.id = note.articleID WHERE note.docid = ?"
        )
        noteStatement = statement
        return statement
    }
}
