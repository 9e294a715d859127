import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// The full-text index keeps no copy of the text (issue 14): it reads it from the rows through
/// the view `searchContent`, and must hold exactly the view's rows with the view's text, or
/// FTS5's deletes (which name the text they remove) corrupt it.
@Suite struct SearchIndexTests {
    /// Checks the store's index against its rows: FTS5's own integrity check, then every
    /// token, every document size and the totals BM25 ranks with against an index built
    /// afresh from `searchContent` (SQLite 3.40's integrity check does not compare an external
    /// content index with its rows). Nothing of the check stays in the store.
    static func expectIndexMatchesRows(_ path: String, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.inDatabase { db in
            try db.inTransaction {
                try db.execute(sql: "INSERT INTO searchIndex(searchIndex) VALUES('integrity-check')")
                try db.execute(
                    sql: """
                        CREATE VIRTUAL TABLE freshIndex USING fts5(
                            title, tags, notes, body, content = 'searchContent', content_rowid = 'indexRowID',
                            tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3');
                        INSERT INTO freshIndex(rowid, title, tags, notes, body) SELECT * FROM searchContent ORDER BY indexRowID;
                        CREATE VIRTUAL TABLE temp.indexTokens USING fts5vocab(main, searchIndex, instance);
                        CREATE VIRTUAL TABLE temp.freshTokens USING fts5vocab(main, freshIndex, instance);
                        """)
                func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))") ?? -1 }
                let missing = try count("SELECT * FROM temp.freshTokens EXCEPT SELECT * FROM temp.indexTokens")
                let stale = try count("SELECT * FROM temp.indexTokens EXCEPT SELECT * FROM temp.freshTokens")
                let sizes = try count(
                    """
                    SELECT * FROM (SELECT * FROM searchIndex_docsize EXCEPT SELECT * FROM freshIndex_docsize)
                    UNION ALL SELECT * FROM (SELECT * FROM freshIndex_docsize EXCEPT SELECT * FROM searchIndex_docsize)
                    """)
                // The averages record (id 1): the row count and each column's token total.
                let totals = try Data.fetchOne(db, sql: "SELECT block FROM searchIndex_data WHERE id = 1")
                let freshTotals = try Data.fetchOne(db, sql: "SELECT block FROM freshIndex_data WHERE id = 1")
                let tokens = try count("SELECT * FROM temp.freshTokens")
                #expect(missing == 0, "\(step): tokens of the rows missing from the index", sourceLocation: sourceLocation)
                #expect(stale == 0, "\(step): tokens in the index no row has", sourceLocation: sourceLocation)
                #expect(sizes == 0, "\(step): document sizes differ", sourceLocation: sourceLocation)
                #expect(totals == freshTotals, "\(step): totals differ", sourceLocation: sourceLocation)
                #expect(tokens > 0, "\(step): the check saw tokens", sourceLocation: sourceLocation)
                return .rollback
            }
        }
    }

    /// A row of `searchContent`: title, tags, notes, body.
    static func viewText(_ store: Store, rowid: Int64) throws -> [String]? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT title, tags, notes, body FROM searchContent WHERE indexRowID = ?", arguments: [rowid])
                .map { row in (0..<4).map { row[$0] } }
        }
    }

    static func docid(_ store: Store, _ table: String, id: String) throws -> Int64 {
        try #require(try store.read { db in try Int64.fetchOne(db, sql: "SELECT docid FROM \(table) WHERE id = ?", arguments: [id]) })
    }

    @Test func theViewGivesExactlyTheTextTheRecordsIndex() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let article = makeArticle(
            "Ünïcode # title “quoted”", content: "# Heading\n\nText with #hash, tabs\tand emoji 🧭 and e\u{301} combined.",
            tags: ["zürich", "with space", #"back\slash "quote""#, "日本"])
        let plain = makeArticle("Plain", content: "No marks.")
        try store.add(article)
        try store.add(plain)
        let quoted = Note(articleID: article.id, quote: "Text with", body: "Line one\nline two 🧭", tags: ["b", "a"])
        let bare = Note(body: "Standalone, no tags")
        try store.add(quoted)
        try store.add(bare)
        // A note with the other sides of a conflict, as a merge leaves it.
        var conflicted = Note(articleID: plain.id, body: "Shown side")
        conflicted.conflicts = [
            NoteConflict(body: "Lost side\nwith two lines", versions: []), NoteConflict(body: "Third ✓", versions: []),
        ]
        try store.write { db, _ in try conflicted.insertIndexed(db) }

        for item in [article, plain] {
            let rowid = IndexLayout.articleRowID(docid: try Self.docid(store, "article", id: item.id))
            #expect(try Self.viewText(store, rowid: rowid) == item.indexedText)
        }
        for item in [quoted, bare, conflicted] {
            let stored = try store.note(id: item.id)
            let rowid = IndexLayout.noteRowID(docid: try Self.docid(store, "note", id: item.id))
            #expect(try Self.viewText(store, rowid: rowid) == stored.indexedText)
        }
        // Byte for byte: Swift compares strings by canonical equivalence, the index by bytes.
        let rowid = IndexLayout.articleRowID(docid: try Self.docid(store, "article", id: article.id))
        let bytes = try store.read { db in
            try Row.fetchOne(
                db, sql: "SELECT CAST(title AS BLOB), CAST(tags AS BLOB), CAST(body AS BLOB) FROM searchContent WHERE indexRowID = ?",
                arguments: [rowid])
        }
        let text = article.indexedText
        #expect(bytes?[0] == Data(text[0].utf8))
        #expect(bytes?[1] == Data(text[1].utf8))
        #expect(bytes?[2] == Data(text[3].utf8))
        try Self.expectIndexMatchesRows(temporary.path, "added")
    }

    @Test func theIndexLooksRowsUpByPrimaryKeyNotByScanning() throws {
        let temporary = try TemporaryStore()
        // The statement FTS5 runs for a row's text (snippets, highlights).
        let plan = try temporary.store.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT T.indexRowID, T.title, T.tags, T.notes, T.body
                    FROM 'main'.'searchContent' T WHERE T.indexRowID = ?
                    """, arguments: [1]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains("SEARCH article USING INTEGER PRIMARY KEY (rowid=?)"), "\(plan)")
        #expect(plan.contains("SEARCH note USING INDEX note_search (<expr>=?)"), "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN article") || $0.hasPrefix("SCAN note") }, "\(plan)")
    }

    @Test func theIndexKeepsNoCopyOfTheText() throws {
        let temporary = try TemporaryStore()
        try temporary.store.add(makeArticle("Kept once", content: "Only in the row."))
        let tables = try temporary.store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'searchIndex%' ORDER BY name")
        }
        #expect(!tables.contains("searchIndex_content"))
        let hits = try temporary.store.search(try SearchQuery.parse("row"))
        #expect(hits.map(\.snippet) == ["Only in the \u{1}row\u{2}."])
    }

    /// A store written before issue 14, whose index held its own copy of the text, is
    /// reindexed from its rows: the same hits, scores and snippets, and the copy is gone.
    @Test func aStoreWhoseIndexHeldACopyOfTheTextIsReindexedWithTheSameResults() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v16-provisional-titles")
        // As Folio wrote it until then: each row, then its text into the index when searchable.
        func insert<Record: LibraryRecord>(_ db: Database, _ record: Record, searchable: Bool) throws {
            try record.insert(db)
            guard searchable else { return }
            try db.execute(
                sql: "INSERT INTO searchIndex(rowid, title, tags, notes, body) VALUES (?, ?, ?, ?, ?)",
                arguments: StatementArguments([Record.indexRowID(docid: db.lastInsertedRowID)] + record.indexedText))
        }
        let words = [
            "harbour", "ship", "ships", "shipping", "dawn", "snow", "pass", "mountain", "market", "markets", "peace", "talks",
            "zürich", "café", "road", "roads", "river", "bridge", "storm", "harvest",
        ]
        var seed: UInt64 = 14
        func pick() -> String {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return words[Int(seed >> 33) % words.count]
        }
        func sentence(_ count: Int) -> String { (0..<count).map { _ in pick() }.joined(separator: " ") }
        try old.write { db in
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('deviceID', 'old-device')")
            for index in 0..<40 {
                var article = makeArticle(
                    sentence(3), content: (index % 3 == 0 ? "# " : "") + sentence(30 + index) + ".\n\n## " + sentence(5),
                    tags: index % 4 == 0 ? [pick(), pick()] : [])
                let trashed = index % 7 == 3
                if trashed { article.trashedAt = Date() }
                try insert(db, article, searchable: !trashed)
                guard index % 2 == 0 else { continue }
                var note = Note(articleID: article.id, quote: index % 4 == 0 ? sentence(2) : nil, body: sentence(8), tags: [pick()])
                if index % 8 == 0 { note.conflicts = [NoteConflict(body: sentence(6), versions: [])] }
                let noteTrashed = index % 5 == 1
                if noteTrashed { note.trashedAt = Date() }
                try insert(db, note, searchable: !trashed && !noteTrashed)
            }
            try insert(db, Note(body: sentence(10), tags: ["standalone"]), searchable: true)
        }
        let expressions = [
            #""harbour""#, #""snow" OR "pass""#, #""ship" *"#, #"tags : "harbour""#, #""peace talks""#, #""caf" *"#, #""zurich""#,
        ]
        func results(_ queue: DatabaseQueue) throws -> [[String]] {
            try queue.read { db in
                let hits = try expressions.map { expression in
                    try Row.fetchAll(db, sql: Store.baselineSearchSQL(), arguments: [expression, expression, 100]).map { row in
                        "\(row[0] as Int64) \((row[1] as Double).bitPattern) \(row[2] as String)"
                    }
                }
                let highlights = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, highlight(searchIndex, 1, '[', ']'), highlight(searchIndex, 2, '[', ']')
                        FROM searchIndex WHERE searchIndex MATCH '"ship" * OR "dawn"' ORDER BY rowid
                        """
                ).map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as String)" }
                let entries = try Int64.fetchAll(db, sql: "SELECT id FROM searchIndex_docsize ORDER BY id").map(String.init)
                return hits + [highlights, entries]
            }
        }
        let before = try results(old)
        try old.close()
        #expect(before.dropLast(2).allSatisfy { !$0.isEmpty })
        // Searchable: 40 articles but 6 in the trash; 20 notes but 4 in the trash and 3 of
        // trashed articles; one standalone note.
        let searchable = 48
        #expect(before.last?.count == searchable)

        let store = try Store(path: path)
        let reopened = try DatabaseQueue(path: path)
        defer { try? reopened.close() }
        let after = try results(reopened)
        for (index, (was, now)) in zip(before, after).enumerated() {
            #expect(was == now, "result \(index)")
        }
        #expect(try store.deviceID() == "old-device")
        #expect(!(try store.search(try SearchQuery.parse("harbour")).isEmpty))
        let copies = try reopened.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'searchIndex_content'")
        }
        #expect(copies == 0)
        try Self.expectIndexMatchesRows(path, "migrated")
    }

    /// The check itself: a row changed behind the index's back is caught.
    @Test func theCheckCatchesARowChangedWithoutItsIndexEntry() throws {
        let temporary = try TemporaryStore()
        let article = makeArticle("Harbour", content: "Ships came in.")
        try temporary.store.add(article)
        try Self.expectIndexMatchesRows(temporary.path, "added")
        try temporary.store.write { db, _ in
            try db.execute(sql: "UPDATE article SET content = 'Boats left.' WHERE id = ?", arguments: [article.id])
        }
        withKnownIssue("the index still holds the old text") {
            try Self.expectIndexMatchesRows(temporary.path, "changed behind the index")
        }
    }

    /// A note's entry follows it when it moves to an article in the trash and back (sync
    /// accepts an `articleID` change).
    @Test func aNoteMovedBetweenArticlesInAndOutOfTheTrashIsReindexed() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let (open, trashed) = (makeArticle("Open", content: "x"), makeArticle("Trashed", content: "y"))
        try store.add(open)
        try store.add(trashed)
        try store.trash(articleID: trashed.id)
        let note = Note(articleID: open.id, body: "Wandering note")
        try store.add(note)
        func move(to articleID: String) throws {
            let before = try store.note(id: note.id)
            var moved = before
            moved.articleID = articleID
            try store.write { db, _ in try moved.updateIndexed(db, before: before) }
        }
        try move(to: trashed.id)
        try Self.expectIndexMatchesRows(temporary.path, "moved into the trash")
        #expect(try store.search(try SearchQuery.parse("wandering")).isEmpty)
        try move(to: open.id)
        try Self.expectIndexMatchesRows(temporary.path, "moved out of the trash")
        #expect(try store.search(try SearchQuery.parse("wandering")).map(\.id) == [note.id])
    }

    @Test func theIndexMatchesTheRowsAfterEveryKindOfChange() throws {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let store = a.store
        func check(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try Self.expectIndexMatchesRows(a.path, step, sourceLocation: sourceLocation)
        }

        let harbour = makeArticle("Harbour # report", content: "# Ships\nShips came into the #harbour at dawn.", tags: ["sea", "ports"])
        let pass = makeArticle("Mountain pass", content: "Snow closed the pass.", tags: ["weather"])
        try store.add(harbour)
        try store.add(pass, note: Note(body: "Check the pass tomorrow", tags: ["todo"]))
        _ = try store.addBatch(
            [makeArticle("Batch one", content: "Markets rose."), makeArticle("Batch two", content: "Markets fell.", tags: ["sea"])])
        let quoted = Note(articleID: harbour.id, quote: "Ships came", body: "Which ships?", tags: ["question"])
        let second = Note(articleID: harbour.id, body: "Dawn is early")
        let standalone = Note(body: "A thought of my own", tags: ["sea"])
        for note in [quoted, second, standalone] { try store.add(note) }
        try check("add")

        var articleEdit = ArticleEdit()
        articleEdit.title = "Harbour news"
        try store.edit(articleID: harbour.id, articleEdit)
        try check("edit title")
        articleEdit = ArticleEdit()
        articleEdit.content = "Boats #left the harbour before dawn."
        try store.edit(articleID: harbour.id, articleEdit)
        try check("edit content")
        articleEdit = ArticleEdit()
        articleEdit.addTags = ["boats"]
        articleEdit.removeTags = ["ports"]
        articleEdit.starred = true
        try store.edit(articleID: harbour.id, articleEdit)
        try check("edit tags")
        articleEdit = ArticleEdit()
        articleEdit.progress = 0.5
        try store.edit(articleID: harbour.id, articleEdit)
        try check("reading progress (not indexed)")

        var noteEdit = NoteEdit()
        noteEdit.body = "Which boats?"
        noteEdit.quote = "Boats left"
        noteEdit.addTags = ["later"]
        try store.edit(noteID: quoted.id, noteEdit)
        try check("edit note")
        noteEdit = NoteEdit()
        noteEdit.quote = .some(nil)
        try store.edit(noteID: quoted.id, noteEdit)
        try check("remove quote")

        try store.trash(noteID: quoted.id)
        try check("trash note")
        try store.trash(articleID: harbour.id)
        try check("trash article with notes")
        #expect(try store.search(try SearchQuery.parse("dawn")).isEmpty)
        try store.restore(noteID: quoted.id)
        try check("restore note of trashed article")
        try store.restore(articleID: harbour.id)
        try check("restore article with notes")
        #expect(Set(try store.search(try SearchQuery.parse("dawn")).map(\.id)) == [harbour.id, second.id])

        try store.renameTag("sea", to: "ocean")
        try check("rename tag")
        try store.removeTag("question")
        try check("remove tag")

        // Sync: another device merges everything, changes things, and this one merges back.
        func exchange() throws {
            let all = try [a, b].flatMap { try $0.store.unsyncedChanges(limit: 1_000_000) }
            for device in [a, b] { try device.store.applyRemote(all) }
        }
        try exchange()
        try Self.expectIndexMatchesRows(b.path, "merged on the other device")
        articleEdit = ArticleEdit()
        articleEdit.title = "Mountain pass reopened"
        articleEdit.addTags = ["roads"]
        try b.store.edit(articleID: pass.id, articleEdit)
        try b.store.trash(articleID: harbour.id)
        try b.store.add(makeArticle("From the other device", content: "Written elsewhere."))
        // Overlapping edits of one note leave a conflict, whose other side is indexed too.
        noteEdit = NoteEdit()
        noteEdit.body = "Dawn is early, says A"
        try store.edit(noteID: second.id, noteEdit)
        noteEdit.body = "Dawn is early, says B"
        try b.store.edit(noteID: second.id, noteEdit)
        try exchange()
        try check("merge of edits, a trash and a conflict")
        try Self.expectIndexMatchesRows(b.path, "merge on the other device")
        #expect(try store.note(id: second.id).hasConflict)
        try store.restore(articleID: harbour.id)
        try check("restore article with a conflicted note")
        #expect(try store.search(try SearchQuery.parse("\"says A\"")).map(\.id) == [second.id])
        try store.resolveConflict(noteID: second.id, body: "Dawn is early")
        try check("resolve conflict")
        try exchange()
        try Self.expectIndexMatchesRows(b.path, "merged resolution")

        try store.purge(noteID: standalone.id)
        try check("purge note")
        try store.purge(articleID: pass.id)
        try check("purge article with notes")
        try store.trash(articleID: harbour.id)
        try store.trash(noteID: try #require(try store.notes().first?.id))
        _ = try store.emptyTrash()
        try check("empty trash")
        try exchange()
        try Self.expectIndexMatchesRows(b.path, "merged purges")
        #expect(try store.search(try SearchQuery.parse("markets")).count == 2)
    }

    /// A sync's page indexes the rows it rebuilds together, once they are written
    /// (`PendingIndexEntries`), in pages that also move articles into and out of the trash with
    /// their notes, edit titles and purge: the index still holds exactly the rows' text, page by
    /// page and for the whole history in one page.
    @Test(arguments: [1, 4, 1000])
    func pagesOfRebuiltRowsLeaveTheIndexMatchingTheRows(pageSize: Int) throws {
        let writer = try TemporaryStore()
        let store = writer.store
        let harbour = makeArticle("Harbour", content: "Ships came into the harbour at dawn.", tags: ["sea"])
        let pass = makeArticle("Mountain pass", content: "Snow closed the pass.")
        let market = makeArticle("Market day", content: "Stalls opened early.")
        try store.add(harbour, note: Note(body: "Which ships?", tags: ["question"]))
        try store.add(pass, note: Note(body: "Check the pass tomorrow"))
        try store.add(market)
        try store.add(Note(articleID: market.id, body: "Buy apples"))
        try store.trash(articleID: pass.id)
        let reader = try TemporaryStore()
        func pull(into device: TemporaryStore, _ step: String) throws {
            let changes = try store.unsyncedChanges(limit: 1_000_000)
            for start in stride(from: 0, to: changes.count, by: pageSize) {
                try device.store.applyRemote(Array(changes[start..<min(start + pageSize, changes.count)]))
            }
            try Self.expectIndexMatchesRows(device.path, "\(step), pages of \(pageSize)")
        }
        try pull(into: reader, "first pull")
        try store.markPushed(through: try store.lastChangeSequence())

        var edit = ArticleEdit()
        edit.title = "Harbour at dawn"
        try store.edit(articleID: harbour.id, edit)
        try store.restore(articleID: pass.id)
        try store.trash(articleID: harbour.id)
        edit = ArticleEdit()
        edit.title = "Market day, again"
        edit.addTags = ["food"]
        try store.edit(articleID: market.id, edit)
        try store.add(makeArticle("Late news", content: "The ferry is late."))
        try store.purge(articleID: market.id)
        try pull(into: reader, "later changes")
        #expect(try reader.store.search(try SearchQuery.parse("tomorrow")).count == 1)
        #expect(try reader.store.search(try SearchQuery.parse("ships")).isEmpty)

        try store.restartSync(cursor: nil)
        try pull(into: try TemporaryStore(), "the whole history on a new device")
    }
}
