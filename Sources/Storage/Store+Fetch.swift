import Foundation
import GRDB
import Models

/// This device's failed attempts to fetch a pending article.
package struct FetchAttempts: Sendable, Equatable, Codable {
    package var attempts: Int
    package var lastError: String
    package var lastAttemptAt: Date

    package init(attempts: Int, lastError: String, lastAttemptAt: Date) {
        self.attempts = attempts
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
    }
}

extension Store {
    /// The article saved under the same normalized URL, in or out of the trash; nil if none.
    package func existingArticle(url: String) throws(StoreError) -> Article? {
        guard let normalized = URLNormalizer.normalize(url) else { return nil }
        return try read { db in try Article.filter(Column("normalizedURL") == normalized).fetchOne(db) }
    }

    /// The pending articles (URLs not fetched yet), oldest first, in or out of the trash.
    package func pendingArticles(ids: [String]? = nil) throws(StoreError) -> [Article] {
        try read { db in
            var request = Article.filter(Column("contentStatus") == Article.ContentStatus.pending.rawValue && Column("trashedAt") == nil)
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            return try request.order(Column("savedAt"), Column("id")).fetchAll(db)
        }
    }

    /// Failed attempts per article id, for the ids that have any.
    package func fetchAttempts(for ids: [String]) throws(StoreError) -> [String: FetchAttempts] {
        try read { db in
            var result: [String: FetchAttempts] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT articleID, attempts, lastError, lastAttemptAt FROM fetchAttempt WHERE articleID IN (SELECT value FROM json_each(?))",
                arguments: [try FolioJSON.string(ids)])
            {
                guard let date = ISODate.parse(row["lastAttemptAt"]) else { continue }
                result[row["articleID"]] = FetchAttempts(attempts: row["attempts"], lastError: row["lastError"], lastAttemptAt: date)
            }
            return result
        }
    }

    /// Records a failed fetch of a pending article (local only: nothing is synced).
    package func recordFetchFailure(articleID: String, error: String, at date: Date = Date()) throws(StoreError) {
        try write { db, _ in
            try db.execute(
                sql: """
                    INSERT INTO fetchAttempt(articleID, attempts, lastError, lastAttemptAt) VALUES (?, 1, ?, ?)
                    ON CONFLICT(articleID) DO UPDATE SET attempts = attempts + 1, lastError = excluded.lastError,
                        lastAttemptAt = excluded.lastAttemptAt
                    """,
                arguments: [articleID, error, ISODate.format(date)])
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
            let provisional =
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM provisionalTitle WHERE articleID = ?)", arguments: [id]) ?? false
            if let title = content.title, !title.isEmpty, current.title == current.url || provisional { edit.title = title }
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
}
