import Foundation
import GRDB
import Models

/// This device's failed attempts to fetch a pending article.
package struct FetchAttempts: Sendable, Equatable, Codable {
    package var attempts: Int
    package var lastError: String
    package var lastAttemptAt: Date
    /// Dead links (404, 410, no such host) in a row, the last attempts included.
    package var deadLinkAttempts: Int
    /// When the device gave up on the URL (after `Store.deadLinkAttemptLimit` dead links in a
    /// row); nil while `folio fetch` still tries it.
    package var failedAt: Date?

    package init(attempts: Int, lastError: String, lastAttemptAt: Date, deadLinkAttempts: Int = 0, failedAt: Date? = nil) {
        self.attempts = attempts
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
        self.deadLinkAttempts = deadLinkAttempts
        self.failedAt = failedAt
    }

    /// Whether the device gave up on the URL: `folio fetch` skips it until `--retry-failed`.
    package var isFailed: Bool { failedAt != nil }
}

extension Store {
    /// The article saved under the same normalized URL, in or out of the trash; nil if none.
    package func existingArticle(url: String) throws(StoreError) -> Article? {
        guard let normalized = URLNormalizer.normalize(url) else { return nil }
        return try read { db in try Article.filter(Column("normalizedURL") == normalized).fetchOne(db) }
    }

    /// Dead links in a row after which `folio fetch` gives up on a URL (marks it failed).
    package static let deadLinkAttemptLimit = 3

    /// The pending articles (URLs not fetched yet), oldest first, in or out of the trash;
    /// without those the device gave up on (failed) unless `includingFailed`.
    package func pendingArticles(ids: [String]? = nil, includingFailed: Bool = false) throws(StoreError) -> [Article] {
        try read { db in
            var request = Article.filter(Column("contentStatus") == Article.ContentStatus.pending.rawValue && Column("trashedAt") == nil)
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            if !includingFailed { request = request.filter(sql: Self.notFailedCondition) }
            return try request.order(Column("savedAt"), Column("id")).fetchAll(db)
        }
    }

    /// SQL true for an article the device has not given up on.
    static let notFailedCondition = "NOT EXISTS (SELECT 1 FROM fetchAttempt WHERE articleID = article.id AND failedAt IS NOT NULL)"

    /// Failed attempts per article id, for the ids that have any.
    package func fetchAttempts(for ids: [String]) throws(StoreError) -> [String: FetchAttempts] {
        try read { db in try Self.fetchAttempts(db, for: ids) }
    }

    private static func fetchAttempts(_ db: Database, for ids: [String]) throws -> [String: FetchAttempts] {
        var result: [String: FetchAttempts] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT articleID, attempts, lastError, lastAttemptAt, deadLinkAttempts, failedAt FROM fetchAttempt
                WHERE articleID IN (SELECT value FROM json_each(?))
                """,
            arguments: [try FolioJSON.string(ids)])
        {
            guard let date = ISODate.parse(row["lastAttemptAt"]) else { continue }
            let failedAt: String? = row["failedAt"]
            result[row["articleID"]] = FetchAttempts(
                attempts: row["attempts"], lastError: row["lastError"], lastAttemptAt: date, deadLinkAttempts: row["deadLinkAttempts"],
                failedAt: failedAt.flatMap { ISODate.parse($0) })
        }
        return result
    }

    /// Records a failed fetch of a pending article (local only: nothing is synced). A dead
    /// link (`deadLink`: 404, 410, no such host) adds to the dead links in a row, and the
    /// `deadLinkAttemptLimit`th marks the article failed; any other failure starts the count
    /// again and makes a failed article pending again. Returns the attempts as they now are.
    @discardableResult
    package func recordFetchFailure(articleID: String, error: String, deadLink: Bool = false, at date: Date = Date()) throws(StoreError)
        -> FetchAttempts
    {
        let time = ISODate.format(date)
        return try write { db, _ in
            try db.execute(
                sql: """
                    INSERT INTO fetchAttempt(articleID, attempts, lastError, lastAttemptAt, deadLinkAttempts, failedAt)
                    VALUES (?1, 1, ?2, ?3, ?4, CASE WHEN ?4 >= ?5 THEN ?3 END)
                    ON CONFLICT(articleID) DO UPDATE SET attempts = attempts + 1, lastError = excluded.lastError,
                        lastAttemptAt = excluded.lastAttemptAt,
                        deadLinkAttempts = CASE WHEN ?4 = 1 THEN deadLinkAttempts + 1 ELSE 0 END,
                        failedAt = CASE WHEN ?4 = 1 AND deadLinkAttempts + 1 >= ?5 THEN ?3 END
                    """,
                arguments: [articleID, error, time, deadLink ? 1 : 0, Self.deadLinkAttemptLimit])
            return try Self.fetchAttempts(db, for: [articleID])[articleID] ?? FetchAttempts(attempts: 1, lastError: error, lastAttemptAt: date)
        }
    }

    /// Fills a pending article with what its fetch found, as ordinary edits (they sync like any
    /// other): the content, and title, byline, site and date where the user gave none. Returns
    /// the article; an article that is no longer pending (another device fetched it) is left
    /// as it is.
    @discardableResult
    package func completeFetch(articleID id: String, with content: ArticleDraft) throws(StoreError) -> Article {
        // One transaction: the check, the edits and the end of the fetch's attempts, so that
        // another folio completing the same article meanwhile cannot interleave.
        try write { db, recorder in
            guard let current = try Article.filter(Column("id") == id).fetchOne(db) else {
                throw StoreError.notFound(kind: "article", id: id)
            }
            guard current.contentStatus == .pending else { return current }
            var edit = ArticleEdit()
            edit.content = content.markdown
            edit.contentStatus = .ready
            // The title of a pending article is its URL until the page says better; so is a
            // title an import marked as a stand-in.
            if let title = content.title, !title.isEmpty, try current.title == current.url || Self.hasProvisionalTitle(db, articleID: id) {
                edit.title = title
            }
            if current.byline == nil, let byline = content.byline { edit.byline = .some(byline) }
            if let site = content.site, current.site == current.url.flatMap(URLNormalizer.siteName) || current.site == nil {
                edit.site = .some(site)
            }
            if current.publishedAt == nil, let published = content.publishedAt { edit.publishedAt = .some(published) }
            let updated = try applyEdit(db, &recorder, articleID: id, edit)
            try db.execute(sql: "DELETE FROM fetchAttempt WHERE articleID = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM provisionalTitle WHERE articleID = ?", arguments: [id])
            return updated
        }
    }

    /// Whether an import marked the article's title as a stand-in for the page's own.
    static func hasProvisionalTitle(_ db: Database, articleID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM provisionalTitle WHERE articleID = ?)", arguments: [articleID]) ?? false
    }
}
