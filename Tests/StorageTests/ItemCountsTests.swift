import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// The counts `folio status` and the short ids read (`ItemCounts`, kept by triggers) are the
/// counts of the rows, after every kind of write, and after the migration that makes them.
@Suite struct ItemCountsTests {
    /// The kept counts, without the combinations that fell back to zero.
    static func kept(_ store: Store) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT 'article', trashed, state, starred, contentStatus, n FROM articleCount WHERE n <> 0 ORDER BY 2, 3, 4, 5")
                + Row.fetchAll(db, sql: "SELECT 'note', trashed, conflicted, n FROM noteCount WHERE n <> 0 ORDER BY 2, 3")
        }.map(\.description)
    }

    /// The same counts, counted from the rows.
    static func counted(_ store: Store) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT 'article', trashedAt IS NOT NULL AS trashed, state, starred, contentStatus, count(*) AS n
                    FROM article GROUP BY 2, 3, 4, 5 ORDER BY 2, 3, 4, 5
                    """)
                + Row.fetchAll(
                    db,
                    sql: """
                        SELECT 'note', trashedAt IS NOT NULL AS trashed, conflicts <> '[]' AS conflicted, count(*) AS n
                        FROM note GROUP BY 2, 3 ORDER BY 2, 3
                        """)
        }.map(\.description)
    }

    @Test(arguments: [1, 2, 3])
    func theCountsFollowEveryWrite(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let temporary = try TemporaryStore()
        let store = temporary.store
        var articles: [String] = []
        var notes: [String] = []
        for step in 0..<200 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                let article = makeArticle("A\(step)", content: "Text of article \(step).")
                try store.add(article)
                articles.append(article.id)
            case 2:
                guard let articleID = articles.randomElement(using: &random), try store.articleExists(id: articleID) else { continue }
                let note = Note(articleID: articleID, body: "note \(step)")
                try store.add(note)
                notes.append(note.id)
            case 3, 4:
                guard let id = articles.randomElement(using: &random), try store.articleExists(id: id) else { continue }
                var edit = ArticleEdit()
                edit.state = Bool.random(using: &random) ? .archived : .unread
                edit.starred = Bool.random(using: &random)
                edit.contentStatus = Bool.random(using: &random) ? .pending : .ready
                if Bool.random(using: &random) { edit.title = "T\(step)" }
                _ = try store.edit(articleID: id, edit)
            case 5:
                guard let id = articles.randomElement(using: &random), try store.articleExists(id: id) else { continue }
                // Refused when the article is already there (the counts must not move then).
                if Bool.random(using: &random) { try? store.trash(articleID: id) } else { try? store.restore(articleID: id) }
            case 6:
                guard let id = notes.randomElement(using: &random), (try? store.note(id: id)) != nil else { continue }
                if Bool.random(using: &random) { try? store.trash(noteID: id) } else { try? store.restore(noteID: id) }
            case 7:
                guard let id = articles.randomElement(using: &random), try store.articleExists(id: id) else { continue }
                try? store.purge(articleID: id)
            case 8:
                if Int.random(in: 0..<5, using: &random) == 0 { _ = try store.emptyTrash() }
            default:
                guard let id = notes.randomElement(using: &random), (try? store.note(id: id)) != nil else { continue }
                try? store.purge(noteID: id)
            }
            #expect(try Self.kept(store) == Self.counted(store), "after step \(step)")
        }
        // Not vacuous: the library has articles in and out of the trash, starred, archived.
        let status = try store.status()
        #expect(status.articles > 0 && status.trashedArticles + status.archived + status.starred > 0)
        #expect(try Self.counted(store).count > 2)
    }

    @Test func theMigrationCountsTheRowsThereAre() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        for index in 0..<5 {
            let article = makeArticle("A\(index)", content: "Text \(index).")
            try store.add(article)
            try store.add(Note(articleID: article.id, body: "note \(index)"))
            if index.isMultiple(of: 2) { try store.trash(articleID: article.id) }
        }
        // As the previous version left the store: no counts, no triggers.
        try store.write { db, _ in
            for trigger in [
                "articleCount_insert", "articleCount_delete", "articleCount_update", "noteCount_insert", "noteCount_delete", "noteCount_update",
            ] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "DROP TABLE articleCount; DROP TABLE noteCount; DELETE FROM grdb_migrations WHERE identifier = 'v21-item-counts'")
        }
        let path = store.path
        let reopened = try Store(path: path)
        #expect(try Self.kept(reopened) == Self.counted(reopened))
        let status = try reopened.status()
        #expect(status.articles == 2 && status.trashedArticles == 3)
    }
}
