import Foundation
import GRDB
import Models

/// An article or a note, by full id.
public enum ItemID: Sendable, Hashable {
    case article(String)
    case note(String)
}

extension Store {
    /// Resolves an id prefix against articles first, then notes.
    public func resolveItem(_ typed: String) throws(StoreError) -> ItemID {
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
    public func trash(_ item: ItemID, now: Date = Date()) throws(StoreError) {
        switch item {
        case .article(let id): try setTrashed(Article.self, id: id, trashed: true, now: now)
        case .note(let id): try setTrashed(Note.self, id: id, trashed: true, now: now)
        }
    }

    /// Takes an article or a note out of the trash.
    public func restore(_ item: ItemID, now: Date = Date()) throws(StoreError) {
        switch item {
        case .article(let id): try setTrashed(Article.self, id: id, trashed: false, now: now)
        case .note(let id): try setTrashed(Note.self, id: id, trashed: false, now: now)
        }
    }

    /// Moves an article to the trash. Its notes stay with it.
    public func trash(articleID id: String, now: Date = Date()) throws(StoreError) { try trash(.article(id), now: now) }

    /// Takes an article out of the trash.
    public func restore(articleID id: String, now: Date = Date()) throws(StoreError) { try restore(.article(id), now: now) }

    /// Moves a note to the trash.
    public func trash(noteID id: String, now: Date = Date()) throws(StoreError) { try trash(.note(id), now: now) }

    /// Takes a note out of the trash.
    public func restore(noteID id: String, now: Date = Date()) throws(StoreError) { try restore(.note(id), now: now) }

    private func setTrashed<Record: LibraryRecord>(_ type: Record.Type, id: String, trashed: Bool, now: Date) throws(StoreError) {
        let now = ISODate.canonical(now)
        let kind = Record.entity.rawValue
        try write { db, recorder in
            guard let before = try Record.filter(Column("id") == id).fetchOne(db) else {
                throw StoreError.notFound(kind: kind, id: id)
            }
            guard (before.trashedAt != nil) != trashed else {
                throw StoreError.wrongTrashState(trashed ? "\(kind) \(id) is already in the trash" : "\(kind) \(id) is not in the trash")
            }
            // The trash time is the change's clock time, which every device merging the change
            // records too (see `MergeRules`).
            let timestamp = try recorder.record(db, Record.entity, id, trashed ? .trash : .restore)
            var record = before
            record.trashedAt = trashed ? timestamp.date : nil
            record.updatedAt = now
            try record.updateIndexed(db, before: before)
            if Record.self == Article.self {
                try SearchIndexWriter.setNotesSearchable(db, articleID: id, searchable: !trashed)
            }
        }
    }
}
