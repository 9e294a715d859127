import Foundation
import GRDB
import Models

extension Store {
    /// Saves a new note. A quote must occur in the article (white space and case aside).
    package func add(_ note: Note) throws(StoreError) {
        try Self.validateNew(note)
        try write { db, recorder in try insertNote(db, &recorder, note) }
    }

    /// A new note needs some text or a quote.
    static func validateNew(_ note: Note) throws(StoreError) {
        guard !note.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || note.quote != nil else {
            throw .invalidValue("a note needs some text")
        }
    }

    /// Inserts a new note inside a write transaction: its article must exist, and a quote
    /// must occur in it.
    func insertNote(_ db: Database, _ recorder: inout ChangeRecorder, _ note: Note) throws {
        var note = note
        note.conflicts = []  // a new note has one body
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

    /// Whether `passage` occurs in `text`, ignoring case, runs of white space and Markdown's
    /// marks (headings, emphasis, code, escapes, a link's brackets and target, the bullets and
    /// numbers of list items and the `>` of quoted lines), and treating typographic quotes like
    /// plain ones: a passage copied from the article as the web reader shows it (across two
    /// list items too) matches its Markdown, as one copied from `folio show` does.
    package static func text(_ text: String, contains passage: String) -> Bool {
        func fold(_ value: String) -> String {
            withoutBlockMarks(value)
                .replacingOccurrences(of: #"\]\([^()\s]*\)"#, with: "", options: .regularExpression)
                .filter { !Self.inlineMarks.contains($0) }
                .replacingOccurrences(of: "#", with: " ")
                .replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
                .replacingOccurrences(of: "‘", with: "'").replacingOccurrences(of: "’", with: "'")
                .lowercased()
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let needle = fold(passage)
        return !needle.isEmpty && fold(text).contains(needle)
    }

    /// `text` without the marks that begin Markdown's block lines: `>` of a quote, then a list
    /// item's bullet (`-`, `+`, `*`) or number (`1.`, `1)`) and the space after it.
    static func withoutBlockMarks(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var rest = line.drop(while: { $0 == " " || $0 == "\t" })
            while rest.first == ">" { rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" }) }
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            var marker = rest
            if let first = rest.first, "-+*".contains(first) {
                marker = rest.dropFirst()
            } else if (1...9).contains(digits.count), let after = rest.dropFirst(digits.count).first, after == "." || after == ")" {
                marker = rest.dropFirst(digits.count + 1)
            }
            if marker.startIndex != rest.startIndex, marker.first == " " || marker.first == "\t" {
                rest = marker.drop(while: { $0 == " " || $0 == "\t" })
            }
            return rest
        }.joined(separator: "\n")
    }

    /// The characters of Markdown's inline syntax that `text(_:contains:)` looks past.
    package static let inlineMarks: Set<Character> = ["*", "_", "`", "\\", "[", "]"]

    /// The note with that full id.
    package func note(id: String) throws(StoreError) -> Note {
        guard let note = try read({ db in try Note.filter(Column("id") == id).fetchOne(db) }) else {
            throw .notFound(kind: "note", id: id)
        }
        return note
    }

    /// Notes outside the trash, oldest first: those of one article, or all of them; with
    /// `conflicted`, only those whose body is in conflict.
    package func notes(articleID: String? = nil, trashed: Bool = false, conflicted: Bool = false, limit: Int? = nil) throws(StoreError)
        -> [Note]
    {
        try read { db in
            var request = Note.all()
            if conflicted { request = request.filter(sql: "conflicts <> '[]'") }
            request = trashed ? request.filter(Column("trashedAt") != nil) : request.filter(Column("trashedAt") == nil)
            if let articleID { request = request.filter(Column("articleID") == articleID) }
            request = request.order(Column("createdAt"), Column("id"))
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// Applies an edit to a note, recording one change per field that really changes. A new
    /// body names the versions the note showed as its base (`NoteBodyMerge`), so that an edit
    /// made at the same time on another device merges with it rather than replacing it.
    @discardableResult
    package func edit(noteID id: String, _ edit: NoteEdit) throws(StoreError) -> Note {
        return try write { db, recorder in try applyEdit(db, &recorder, noteID: id, edit) }
    }

    /// Applies an edit to a note inside a write transaction; the body of `edit(noteID:_:)` and
    /// of the bulk edits.
    func applyEdit(_ db: Database, _ recorder: inout ChangeRecorder, noteID id: String, _ edit: NoteEdit) throws -> Note {
        guard let note = try Note.filter(Column("id") == id).fetchOne(db) else {
            throw StoreError.notFound(kind: "note", id: id)
        }
        if let body = edit.body, body != note.body {
            let heads = try Self.noteBody(db, id: id)?.heads ?? []
            try recorder.record(db, .note, id, .update, field: MergeRules.noteBodyField, value: NoteBodyEdit(text: body, base: heads))
        }
        if let quote = edit.quote, quote != note.quote {
            if let quote, let articleID = note.articleID,
                let article = try Article.filter(Column("id") == articleID).fetchOne(db),
                !Self.text(article.content, contains: quote)
            {
                throw StoreError.quoteNotFound(articleID: articleID)
            }
            try recorder.record(db, .note, id, .update, field: "quote", value: quote)
        }
        _ = try recorder.changeTags(db, .note, id, current: note.tags, add: edit.addTags, remove: edit.removeTags)
        guard recorder.lastRecorded != nil else { return note }
        // The row is what the merge of every known change makes of it, as after a sync.
        try rebuild(Note.self, id: id, db)
        return try Note.filter(Column("id") == id).fetchOne(db) ?? note
    }

    /// Ends a note's conflict: `body` becomes its text, as an edit of every version the note
    /// has (the shown body and each conflict's), so every device sees one body again. Throws
    /// `noConflict` when the note has none.
    @discardableResult
    package func resolveConflict(noteID id: String, body: String) throws(StoreError) -> Note {
        return try write { db, recorder in
            guard let note = try Note.filter(Column("id") == id).fetchOne(db) else {
                throw StoreError.notFound(kind: "note", id: id)
            }
            guard let merged = try Self.noteBody(db, id: id), !merged.conflicts.isEmpty else {
                throw StoreError.noConflict(noteID: id)
            }
            try recorder.record(
                db, .note, id, .update, field: MergeRules.noteBodyField, value: NoteBodyEdit(text: body, base: merged.allHeads))
            try rebuild(Note.self, id: id, db)
            return try Note.filter(Column("id") == id).fetchOne(db) ?? note
        }
    }

    /// How many notes are in conflict.
    package func conflictedNoteCount() throws(StoreError) -> Int {
        try read { db in try ItemCounts.notes(db).conflicted }
    }

    /// The merge of every body known for a note: the text it shows, the versions that text
    /// holds, and its conflicts (`NoteBodyMerge`).
    package func noteBody(id: String) throws(StoreError) -> NoteBodyMerge.Result {
        guard let result = try read({ db in try Self.noteBody(db, id: id) }) else { throw .notFound(kind: "note", id: id) }
        return result
    }

    /// The merge of every body known for a note (nil when none is).
    static func noteBody(_ db: Database, id: String) throws -> NoteBodyMerge.Result? {
        try mergedState(db, id: id).noteBody
    }

    /// Every body of a note this device knows of, its own and merged ones, oldest first: the
    /// body it was created with and each later edit, from any device. (What the note shows is
    /// the merge of them, `NoteBodyMerge`: often the last one, but not always.) Throws
    /// `notFound` when the note is unknown here.
    package func noteHistory(id: String) throws(StoreError) -> [NoteBodyVersion] {
        let versions = try read { db in try Self.mergedState(db, id: id).bodyVersions.values.sorted { $0.timestamp < $1.timestamp } }
        guard !versions.isEmpty else { throw .notFound(kind: "note", id: id) }
        return versions
    }

    /// Deletes a note for good, leaving a tombstone in the change log.
    package func purge(noteID id: String) throws(StoreError) {
        try write { db, recorder in
            guard try Note.deleteIndexed(db, id: id) != nil else { throw StoreError.notFound(kind: "note", id: id) }
            try recorder.record(db, .note, id, .purge)
            try Self.forgetUnreadable(db, id: id)
        }
    }
}
