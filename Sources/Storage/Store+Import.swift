import Foundation
import GRDB
import Models

extension Store {
    /// Imports articles and notes in one transaction: an article whose normalized URL the
    /// library has is merged into it (tags united, the earlier saved date, archived or starred
    /// if either says so, the furthest progress, its text if the saved one has none, notes added
    /// once); the others are added. `standalone` notes are added unless the same one exists.
    /// With `rehearse`, everything is done and then rolled back: the outcome says what would be.
    /// `progress` is told how many entries are done, now and then.
    /// The entries may be made lazily, as they are read (an import of 100,000 rows then holds
    /// each article only while it is saved).
    package func importEntries(
        _ entries: some Sequence<ImportEntry>, standalone: [Note] = [], rehearse: Bool = false, progress: ((Int) -> Void)? = nil
    ) throws(StoreError) -> ImportOutcome {
        for note in standalone { try Self.validateNew(note) }
        let body = { (db: Database, recorder: inout ChangeRecorder) throws -> ImportOutcome in
            var outcome = ImportOutcome()
            for (index, entry) in entries.enumerated() {
                if index % 1000 == 999 { progress?(index + 1) }
                for note in entry.notes { try Self.validateNew(note) }
                let articleID: String
                var existingNotes: [Note] = []
                // One prepared statement for every lookup (an import checks each of its rows).
                if let normalized = entry.article.normalizedURL,
                    let existing = try Article.fetchOne(
                        db.cachedStatement(sql: "SELECT * FROM article WHERE normalizedURL = ? LIMIT 1"), arguments: [normalized])
                {
                    articleID = existing.id
                    try self.merge(db, &recorder, entry, into: existing)
                    existingNotes = try Note.filter(Column("articleID") == existing.id).fetchAll(db)
                    outcome.merged += 1
                } else {
                    articleID = entry.article.id
                    try entry.article.insertIndexed(db)
                    try recorder.record(db, .article, articleID, .create, value: entry.article)
                    if entry.titleIsProvisional {
                        try db.execute(sql: "INSERT OR IGNORE INTO provisionalTitle(articleID) VALUES (?)", arguments: [articleID])
                    }
                    outcome.added += 1
                }
                for var note in entry.notes {
                    if existingNotes.contains(where: { $0.quote == note.quote && $0.body == note.body }) {
                        outcome.notesAlreadyPresent += 1
                        continue
                    }
                    note.articleID = articleID
                    note.conflicts = []
                    // A quote is kept as given, even while the article has no text to find it in.
                    try note.insertIndexed(db)
                    try recorder.record(db, .note, note.id, .create, value: note)
                    existingNotes.append(note)
                    outcome.notesAdded += 1
                }
            }
            for var note in standalone {
                let same = try Note.filter(Column("articleID") == nil && Column("quote") == note.quote && Column("body") == note.body)
                    .fetchCount(db)
                if same > 0 {
                    outcome.notesAlreadyPresent += 1
                    continue
                }
                note.conflicts = []
                try note.insertIndexed(db)
                try recorder.record(db, .note, note.id, .create, value: note)
                outcome.notesAdded += 1
            }
            return outcome
        }
        return rehearse ? try rehearsal(body) : try write(body)
    }

    /// Merges what an import says of an article into the saved one, as ordinary edits.
    private func merge(_ db: Database, _ recorder: inout ChangeRecorder, _ entry: ImportEntry, into existing: Article) throws {
        let imported = entry.article
        var edit = ArticleEdit()
        edit.addTags = imported.tags
        if entry.archived && existing.state == .unread { edit.state = .archived }
        if imported.starred && !existing.starred { edit.starred = true }
        if imported.progress > existing.progress { edit.progress = imported.progress }
        if imported.savedAt < existing.savedAt { edit.savedAt = imported.savedAt }
        if existing.publishedAt == nil, let published = imported.publishedAt { edit.publishedAt = .some(published) }
        if existing.byline == nil, let byline = imported.byline { edit.byline = .some(byline) }
        if existing.contentStatus == .pending && imported.contentStatus == .ready {
            edit.content = imported.content
            edit.contentStatus = .ready
        }
        let existingIsStandIn = try existing.title == existing.url || Self.hasProvisionalTitle(db, articleID: existing.id)
        if existingIsStandIn && !entry.titleIsProvisional && imported.title != existing.title {
            edit.title = imported.title
            try db.execute(sql: "DELETE FROM provisionalTitle WHERE articleID = ?", arguments: [existing.id])
        }
        if !edit.isEmpty { _ = try applyEdit(db, &recorder, articleID: existing.id, edit) }
    }

    /// Runs a write transaction and rolls it back: what it would do, without doing it.
    func rehearsal<T>(_ body: (Database, inout ChangeRecorder) throws -> T) throws(StoreError) -> T {
        var result: T?
        do {
            try writer.write { db in
                var recorder = try ChangeRecorder(db: db, now: now)
                result = try body(db, &recorder)
                throw RolledBack()
            }
        } catch is RolledBack {
            // The point: nothing stays.
        } catch {
            throw Self.translate(error, path: path, lockTimeout: lockTimeout)
        }
        guard let result else { throw StoreError.invalidValue("the rehearsal produced nothing") }
        return result
    }
}

/// Thrown to roll a rehearsal's transaction back.
private struct RolledBack: Error {}
