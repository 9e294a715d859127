import Foundation
import GRDB
import Models

extension Store {
    /// Saves a new note. A quote must occur in the article (white space and case aside).
    public func add(_ note: Note) throws(StoreError) {
        guard !note.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || note.quote != nil else {
            throw .invalidValue("a note needs some text")
        }
        try write { db, recorder in
            if let articleID = note.articleID {
                guard let article = try Article.filter(Column("id") == articleID).fetchOne(db) else {
                    throw StoreError.notFound(kind: "article", id: articleID)
                }
                if let quote = note.quote, !Self.text(article.content, contains: quote) {
                    throw StoreError.quoteNotFound(articleID: articleID)
                }
            }
            try note.insertIndexed(db)
            try recorder.record(db, .note, note.id, .create, value: note)
        }
    }

    /// Whether `passage` occurs in `text`, ignoring case, runs of white space and Markdown
    /// heading marks, and treating typographic quotes like plain ones.
    static func text(_ text: String, contains passage: String) -> Bool {
        func fold(_ value: String) -> String {
            value.replacingOccurrences(of: "#", with: " ")
                .replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
                .replacingOccurrences(of: "‘", with: "'").replacingOccurrences(of: "’", with: "'")
                .lowercased()
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let needle = fold(passage)
        return !needle.isEmpty && fold(text).contains(needle)
    }

    /// The note with that full id.
    public func note(id: String) throws(StoreError) -> Note {
        guard let note = try read({ db in try Note.filter(Column("id") == id).fetchOne(db) }) else {
            throw .notFound(kind: "note", id: id)
        }
        return note
    }

    /// Notes outside the trash, oldest first: those of one article, or all of them.
    public func notes(articleID: String? = nil, trashed: Bool = false, limit: Int? = nil) throws(StoreError) -> [Note] {
        try read { db in
            var request = Note.all()
            request = trashed ? request.filter(Column("trashedAt") != nil) : request.filter(Column("trashedAt") == nil)
            if let articleID { request = request.filter(Column("articleID") == articleID) }
            request = request.order(Column("createdAt"), Column("id"))
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// Applies an edit to a note, recording one change per field that really changes.
    @discardableResult
    public func edit(noteID id: String, _ edit: NoteEdit) throws(StoreError) -> Note {
        return try write { db, recorder in
            guard var note = try Note.filter(Column("id") == id).fetchOne(db) else {
                throw StoreError.notFound(kind: "note", id: id)
            }
            let before = note
            if let body = edit.body, body != note.body {
                note.body = body
                try recorder.record(db, .note, id, .update, field: "body", value: body)
            }
            if let quote = edit.quote, quote != note.quote {
                if let quote, let articleID = note.articleID,
                    let article = try Article.filter(Column("id") == articleID).fetchOne(db),
                    !Self.text(article.content, contains: quote)
                {
                    throw StoreError.quoteNotFound(articleID: articleID)
                }
                note.quote = quote
                try recorder.record(db, .note, id, .update, field: "quote", value: quote)
            }
            note.tags = try recorder.changeTags(db, .note, id, current: note.tags, add: edit.addTags, remove: edit.removeTags)
            if note != before {
                note.updatedAt = recorder.lastRecorded?.date ?? note.updatedAt
                try note.updateIndexed(db, before: before)
            }
            return note
        }
    }

    /// Deletes a note for good, leaving a tombstone in the change log.
    public func purge(noteID id: String) throws(StoreError) {
        try write { db, recorder in
            guard try Note.deleteIndexed(db, id: id) else { throw StoreError.notFound(kind: "note", id: id) }
            try recorder.record(db, .note, id, .purge)
        }
    }
}
