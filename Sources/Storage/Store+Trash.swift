import Foundation
import GRDB
import Models

/// An article or a note, by full id.
package enum ItemID: Sendable, Hashable {
    case article(String)
    case note(String)

    /// The full id, of an article or a note.
    package var id: String {
        switch self {
        case .article(let id), .note(let id): id
        }
    }
}

extension Store {
    /// Resolves an id prefix against articles first, then notes.
    package func resolveItem(_ typed: String) throws(StoreError) -> ItemID {
        do {
            return .article(try resolveArticleID(typed))
        } catch .notFound {
            do {
                return .note(try resolveNoteID(typed))
            } catch .notFound {
                throw .notFound(kind: "article or note", id: typed)
            }
        }
    }

    /// Moves an article (its notes stay with it) or a note to the trash.
    package func trash(_ item: ItemID) throws(StoreError) {
        switch item {
        case .article(let id): try setTrashed(Article.self, id: id, trashed: true)
        case .note(let id): try setTrashed(Note.self, id: id, trashed: true)
        }
    }

    /// Takes an article or a note out of the trash.
    package func restore(_ item: ItemID) throws(StoreError) {
        switch item {
        case .article(let id): try setTrashed(Article.self, id: id, trashed: false)
        case .note(let id): try setTrashed(Note.self, id: id, trashed: false)
        }
    }

    /// Moves an article to the trash. Its notes stay with it.
    package func trash(articleID id: String) throws(StoreError) { try trash(.article(id)) }

    /// Takes an article out of the trash.
    package func restore(articleID id: String) throws(StoreError) { try restore(.article(id)) }

    /// Moves a note to the trash.
    package func trash(noteID id: String) throws(StoreError) { try trash(.note(id)) }

    /// Takes a note out of the trash.
    package func restore(noteID id: String) throws(StoreError) { try restore(.note(id)) }

    private func setTrashed<Record: LibraryRecord>(_ type: Record.Type, id: String, trashed: Bool) throws(StoreError) {
        try write { db, recorder in try Self.setTrashed(db, &recorder, Record.self, id: id, trashed: trashed) }
    }

    /// Moves an item to or from the trash inside a write transaction.
    static func setTrashed<Record: LibraryRecord>(_ db: Database, _ recorder: inout ChangeRecorder, _ type: Record.Type, id: String, trashed: Bool)
        throws
    {
        let kind = Record.entity.rawValue
        guard let before = try Record.filter(Column("id") == id).fetchOne(db) else {
            throw StoreError.notFound(kind: kind, id: id)
        }
        guard (before.trashedAt != nil) != trashed else {
            throw StoreError.wrongTrashState(trashed ? "\(kind) \(id) is already in the trash" : "\(kind) \(id) is not in the trash")
        }
        // The trash time and the update time are the change's clock time, which every device
        // merging the change records too (see `MergeRules`).
        let timestamp = try recorder.record(db, Record.entity, id, trashed ? .trash : .restore)
        var record = before
        record.trashedAt = trashed ? timestamp.date : nil
        record.updatedAt = timestamp.date
        try record.updateIndexed(db, before: before)  // an article's notes go with it
    }
}
