import Foundation
import GRDB
import Models

/// Which articles `Store.articles(matching:)` returns.
package struct ArticleFilter: Sendable, Equatable {
    package var tag: String?
    package var state: Article.State?
    package var starred: Bool?
    package var contentStatus: Article.ContentStatus?
    /// Only the pending articles this device gave up fetching (true: dead links, see
    /// `Store.recordFetchFailure`), or only the others (false).
    package var fetchFailed: Bool?
    /// Saved at or after this instant.
    package var savedSince: Date?
    /// Published at or after this instant (articles without a publication date are left out).
    package var publishedSince: Date?
    /// Articles in the trash instead of those outside it.
    package var trashed = false
    package var order: Order = .saved
    package var limit: Int?
    /// Articles to skip, in `order`, before the first returned.
    package var offset: Int?

    /// The order of `Store.articles(matching:)`.
    package enum Order: String, Sendable, Equatable, CaseIterable {
        /// Newest saved first.
        case saved
        /// Newest published first; articles without a publication date last, newest saved first.
        case published
        /// By title, ignoring case, then newest saved first.
        case title
    }

    package init() {}
}

/// The outcome of saving an article.
package enum AddOutcome: Sendable, Equatable {
    /// Saved as a new article.
    case added(Article)
    /// An article with the same normalized URL was already saved; nothing was added.
    case duplicate(existing: Article)
}

extension Store {
    /// Saves a new article unless one with the same normalized URL exists (in the trash too),
    /// with `note` on it when given: one transaction, so the article is never saved without
    /// its note (nor the note without its article).
    @discardableResult
    package func add(_ article: Article, note: Note? = nil) throws(StoreError) -> AddOutcome {
        if let note { try Self.validateNew(note) }
        return try write { db, recorder in
            if let normalized = article.normalizedURL,
                let existing = try Article.filter(Column("normalizedURL") == normalized).fetchOne(db)
            {
                return .duplicate(existing: existing)
            }
            try article.insertIndexed(db)
            try recorder.record(db, .article, article.id, .create, value: article)
            if var note {
                note.articleID = article.id
                try insertNote(db, &recorder, note)
            }
            return .added(article)
        }
    }

    /// Saves many articles in one transaction (used by import and benchmarks); skips ids that
    /// already exist. Returns how many were added.
    package func addBatch(_ articles: [Article], notes: [Note] = []) throws(StoreError) -> Int {
        try write { db, recorder in
            var added = 0
            for article in articles where try !Article.exists(db, id: article.id) {
                try article.insertIndexed(db)
                try recorder.record(db, .article, article.id, .create, value: article)
                added += 1
            }
            for var note in notes where try !Note.exists(db, id: note.id) {
                if let articleID = note.articleID, try !Article.exists(db, id: articleID) { continue }
                note.conflicts = []  // an imported note starts with one body: the one it shows
                try note.insertIndexed(db)
                try recorder.record(db, .note, note.id, .create, value: note)
            }
            return added
        }
    }

    /// Whether an article with that full id exists (in or out of the trash).
    package func articleExists(id: String) throws(StoreError) -> Bool {
        try read { db in try Article.exists(db, id: id) }
    }

    /// The article with that full id.
    package func article(id: String) throws(StoreError) -> Article {
        guard let article = try read({ db in try Article.filter(Column("id") == id).fetchOne(db) }) else {
            throw .notFound(kind: "article", id: id)
        }
        return article
    }

    /// Articles matching the filter, in the filter's order.
    package func articles(matching filter: ArticleFilter) throws(StoreError) -> [Article] {
        try read { db in
            var request = Self.request(filter)
            switch filter.order {
            case .saved: request = request.order(Column("savedAt").desc, Column("id").desc)
            case .published:
                request = request.order(sql: "publishedAt IS NULL, publishedAt DESC, savedAt DESC, id DESC")
            case .title: request = request.order(Column("title").collating(.nocase), Column("savedAt").desc, Column("id").desc)
            }
            if let limit = filter.limit {
                request = request.limit(limit, offset: filter.offset)
            } else if let offset = filter.offset {
                request = request.limit(-1, offset: offset)
            }
            return try request.fetchAll(db)
        }
    }

    /// How many articles match the filter, whatever its limit and offset.
    package func countArticles(matching filter: ArticleFilter) throws(StoreError) -> Int {
        try read { db in try Self.request(filter).fetchCount(db) }
    }

    private static func request(_ filter: ArticleFilter) -> QueryInterfaceRequest<Article> {
        var request = Article.all()
        request = filter.trashed ? request.filter(Column("trashedAt") != nil) : request.filter(Column("trashedAt") == nil)
        if let tag = filter.tag.flatMap(Tag.normalize) {
            request = request.filter(sql: "EXISTS (SELECT 1 FROM json_each(article.tags) WHERE value = ?)", arguments: [tag])
        }
        if let state = filter.state { request = request.filter(Column("state") == state.rawValue) }
        if let starred = filter.starred { request = request.filter(Column("starred") == starred) }
        if let status = filter.contentStatus { request = request.filter(Column("contentStatus") == status.rawValue) }
        if let failed = filter.fetchFailed {
            request = request.filter(sql: failed ? "NOT (\(notFailedCondition))" : notFailedCondition)
        }
        if let since = filter.savedSince { request = request.filter(Column("savedAt") >= ISODate.format(since)) }
        if let since = filter.publishedSince { request = request.filter(Column("publishedAt") >= ISODate.format(since)) }
        return request
    }

    /// Applies an edit, recording one change per field that really changes. Returns the
    /// article as it now is.
    @discardableResult
    package func edit(articleID id: String, _ edit: ArticleEdit) throws(StoreError) -> Article {
        try Self.validate(edit)
        return try write { db, recorder in try applyEdit(db, &recorder, articleID: id, edit) }
    }

    /// Checks an edit's values before any transaction: the same checks for one article or many.
    static func validate(_ edit: ArticleEdit) throws(StoreError) {
        if let progress = edit.progress, !(0...1).contains(progress) || progress.isNaN {
            throw .invalidValue("reading progress must be between 0 and 1, not \(progress)")
        }
        if let title = edit.title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidValue("a title cannot be empty")
        }
    }

    /// Applies an edit inside a write transaction; the body of `edit(articleID:_:)` and of the
    /// bulk edits.
    func applyEdit(_ db: Database, _ recorder: inout ChangeRecorder, articleID id: String, _ edit: ArticleEdit) throws -> Article {
        guard var article = try Article.filter(Column("id") == id).fetchOne(db) else {
            throw StoreError.notFound(kind: "article", id: id)
        }
        let before = article
        func field<Value: Encodable & Equatable>(_ name: String, _ keyPath: WritableKeyPath<Article, Value>, _ newValue: Value?) throws {
            guard let newValue, article[keyPath: keyPath] != newValue else { return }
            article[keyPath: keyPath] = newValue
            try recorder.record(db, .article, id, .update, field: name, value: newValue)
        }
        try field("title", \.title, edit.title)
        if let url = edit.url, article.url != url {
            article.url = url
            article.normalizedURL = url.flatMap(URLNormalizer.normalize)
            try recorder.record(db, .article, id, .update, field: "url", value: url)
        }
        try field("byline", \.byline, edit.byline)
        try field("site", \.site, edit.site)
        try field("publishedAt", \.publishedAt, edit.publishedAt.map { $0.map(ISODate.canonical) })
        try field("savedAt", \.savedAt, edit.savedAt.map(ISODate.canonical))
        if let content = edit.content, content != article.content {
            article.setContent(content)
            try recorder.record(db, .article, id, .update, field: "content", value: content)
        }
        try field("state", \.state, edit.state)
        try field("starred", \.starred, edit.starred)
        // Reading progress merges as the maximum on every device (`MergeRules`): a lower value
        // could never win a sync, so it does not win here either.
        try field("progress", \.progress, edit.progress.map { max($0, article.progress) })
        try field("contentStatus", \.contentStatus, edit.contentStatus)
        article.tags = try recorder.changeTags(db, .article, id, current: article.tags, add: edit.addTags, remove: edit.removeTags)
        if article != before {
            article.updatedAt = recorder.lastRecorded?.date ?? article.updatedAt
            try article.updateIndexed(db, before: before)
        }
        return article
    }

    /// Deletes an article and its notes for good, leaving tombstones in the change log.
    package func purge(articleID id: String) throws(StoreError) {
        try write { db, recorder in
            try purgeArticle(db, &recorder, id: id)
        }
    }

    /// Deletes everything in the trash for good (articles with their notes, and trashed
    /// notes). Returns how many articles and notes were deleted.
    @discardableResult
    package func emptyTrash() throws(StoreError) -> (articles: Int, notes: Int) {
        try write { db, recorder in
            let articleIDs = try String.fetchAll(db, sql: "SELECT id FROM article WHERE trashedAt IS NOT NULL")
            var noteCount = 0
            for id in articleIDs { noteCount += try purgeArticle(db, &recorder, id: id) }
            let noteIDs = try String.fetchAll(db, sql: "SELECT id FROM note WHERE trashedAt IS NOT NULL")
            for id in noteIDs {
                try Note.deleteIndexed(db, id: id)
                try recorder.record(db, .note, id, .purge)
                try Self.forgetUnreadable(db, id: id)
            }
            return (articleIDs.count, noteCount + noteIDs.count)
        }
    }

    /// Deletes one article and its notes; returns the number of notes deleted.
    @discardableResult
    private func purgeArticle(_ db: Database, _ recorder: inout ChangeRecorder, id: String) throws -> Int {
        guard try Article.exists(db, id: id) else { throw StoreError.notFound(kind: "article", id: id) }
        let noteIDs = try String.fetchAll(db, sql: "SELECT id FROM note WHERE articleID = ?", arguments: [id])
        for noteID in noteIDs {
            try Note.deleteIndexed(db, id: noteID)
            try recorder.record(db, .note, noteID, .purge)
            try Self.forgetUnreadable(db, id: noteID)
        }
        try Article.deleteIndexed(db, id: id)
        try recorder.record(db, .article, id, .purge)
        try Self.forgetUnreadable(db, id: id)
        return noteIDs.count
    }
}

extension Store {
    /// Calls `body` with every article (trashed ones too), in batches, oldest first, without
    /// loading the whole library at once.
    package func forEachArticle(batchSize: Int = 500, _ body: (Article) throws -> Void) throws {
        var lastDocid: Int64 = 0
        while true {
            let batch = try read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM article WHERE docid > ? ORDER BY docid LIMIT ?", arguments: [lastDocid, batchSize])
                    .map { row in (row["docid"] as Int64, try Article(row: row)) }
            }
            guard let last = batch.last else { return }
            lastDocid = last.0
            for (_, article) in batch { try body(article) }
        }
    }

    /// Every note, trashed ones too, oldest first.
    package func allNotes() throws(StoreError) -> [Note] {
        try read { db in try Note.order(Column("docid")).fetchAll(db) }
    }
}
