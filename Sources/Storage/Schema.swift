import GRDB

/// The store's schema, created and upgraded by named, append-only migrations.
/// Never edit a migration once released: add a new one.
enum Schema {
    /// `PRAGMA application_id` of Folio stores ("FOLI").
    static let applicationID: Int32 = 0x464F_4C49

    /// The identifiers of the migrations `migrator` registers, in order (`SchemaTests` checks
    /// that they agree): what a store opened read-only is checked against.
    static let migrationIdentifiers = [
        "v1-library", "v2-search-vocabulary", "v3-index-without-triggers", "v4-trash-out-of-index", "v5-ascending-note-rowids",
        "v6-list-and-count-indexes", "v7-remote-changes", "v8-rejected-changes", "v9-fetch-attempts", "v10-digest",
        "v11-note-conflicts", "v12-unreadable-items", "v13-id-tails", "v14-device-names", "v15-dead-links",
        "v16-provisional-titles", "v17-search-external-content", "v18-current-digest", "v19-compacted-changes",
        "v20-content-in-row", "v21-item-counts", "v22-change-bounds", "v23-compacted-clocks",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-library") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;

                    -- docid is the stable integer key the search index refers to.
                    CREATE TABLE article (
                        docid INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        url TEXT,
                        normalizedURL TEXT,
                        title TEXT NOT NULL,
                        byline TEXT,
                        site TEXT,
                        publishedAt TEXT,
                        savedAt TEXT NOT NULL,
                        updatedAt TEXT NOT NULL,
                        content TEXT NOT NULL,
                        excerpt TEXT NOT NULL,
                        wordCount INTEGER NOT NULL,
                        readingMinutes INTEGER NOT NULL,
                        tags TEXT NOT NULL DEFAULT '[]',
                        state TEXT NOT NULL,
                        starred INTEGER NOT NULL DEFAULT 0,
                        progress REAL NOT NULL DEFAULT 0,
                        contentStatus TEXT NOT NULL,
                        trashedAt TEXT
                    );
                    CREATE INDEX article_normalizedURL ON article(normalizedURL);
                    CREATE INDEX article_savedAt ON article(savedAt);

                    CREATE TABLE note (
                        docid INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        articleID TEXT REFERENCES article(id),
                        quote TEXT,
                        body TEXT NOT NULL,
                        tags TEXT NOT NULL DEFAULT '[]',
                        createdAt TEXT NOT NULL,
                        updatedAt TEXT NOT NULL,
                        trashedAt TEXT
                    );
                    CREATE INDEX note_articleID ON note(articleID);

                    -- Every mutation, in the transaction that made it. Rows after the
                    -- meta 'pushedThrough' sequence are the unsynced ones: a range scan.
                    CREATE TABLE change (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        entity TEXT NOT NULL,
                        entityID TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        field TEXT,
                        value TEXT,
                        timestamp TEXT NOT NULL
                    );
                    CREATE INDEX change_entityID ON change(entityID);

                    -- One full-text index for articles and notes. Articles use rowid = docid,
                    -- notes rowid = -docid, so one ranked query covers both.
                    CREATE VIRTUAL TABLE searchIndex USING fts5(
                        title, tags, notes, body,
                        tokenize = 'porter unicode61 remove_diacritics 2',
                        prefix = '2 3'
                    );
                    INSERT INTO searchIndex(searchIndex, rank) VALUES('rank', 'bm25(10.0, 5.0, 3.0, 1.0)');

                    CREATE TRIGGER article_search_insert AFTER INSERT ON article BEGIN
                        INSERT INTO searchIndex(rowid, title, tags, notes, body)
                        VALUES (new.docid, new.title, new.tags, '', replace(new.content, '#', ''));
                    END;
                    CREATE TRIGGER article_search_update AFTER UPDATE ON article
                    WHEN old.title IS NOT new.title OR old.tags IS NOT new.tags OR old.content IS NOT new.content BEGIN
                        UPDATE searchIndex SET title = new.title, tags = new.tags, body = replace(new.content, '#', '')
                        WHERE rowid = new.docid;
                    END;
                    CREATE TRIGGER article_search_delete AFTER DELETE ON article BEGIN
                        DELETE FROM searchIndex WHERE rowid = old.docid;
                    END;
                    CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
                        INSERT INTO searchIndex(rowid, title, tags, notes, body)
                        VALUES (-new.docid, '', new.tags, coalesce(new.quote || char(10), '') || new.body, '');
                    END;
                    CREATE TRIGGER note_search_update AFTER UPDATE ON note
                    WHEN old.quote IS NOT new.quote OR old.tags IS NOT new.tags OR old.body IS NOT new.body BEGIN
                        UPDATE searchIndex SET tags = new.tags, notes = coalesce(new.quote || char(10), '') || new.body
                        WHERE rowid = -new.docid;
                    END;
                    CREATE TRIGGER note_search_delete AFTER DELETE ON note BEGIN
                        DELETE FROM searchIndex WHERE rowid = -old.docid;
                    END;
                    """)
        }
        migrator.registerMigration("v2-search-vocabulary") { db in
            // The index's terms, to find the stems a prefix search must also match.
            try db.execute(sql: "CREATE VIRTUAL TABLE searchVocabulary USING fts5vocab(searchIndex, 'row')")
        }
        migrator.registerMigration("v3-index-without-triggers") { db in
            // The store now writes the index itself (see `LibraryRecord`): triggers made FTS5
            // flush its pending terms at every statement, which slowed bulk imports.
            for trigger in [
                "article_search_insert", "article_search_update", "article_search_delete",
                "note_search_insert", "note_search_update", "note_search_delete",
            ] {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger)")
            }
        }
        migrator.registerMigration("v4-trash-out-of-index") { db in
            // What is in the trash is no longer indexed, so that plain searches need no filter.
            try db.execute(
                sql: """
                    DELETE FROM searchIndex WHERE rowid IN (SELECT docid FROM article WHERE trashedAt IS NOT NULL);
                    DELETE FROM searchIndex WHERE rowid IN (
                        SELECT -note.docid FROM note LEFT JOIN article ON article.id = note.articleID
                        WHERE note.trashedAt IS NOT NULL OR article.trashedAt IS NOT NULL);
                    """)
        }
        migrator.registerMigration("v5-ascending-note-rowids") { db in
            // Notes move from rowid -docid to docid - 2^62 (see `IndexLayout`).
            try db.execute(
                sql: """
                    DELETE FROM searchIndex WHERE rowid < 0;
                    INSERT INTO searchIndex(rowid, title, tags, notes, body)
                    SELECT note.docid - \(IndexLayout.noteOffset), '',
                           coalesce((SELECT group_concat(value, ' ') FROM json_each(note.tags)), ''),
                           coalesce(note.quote || char(10), '') || note.body, ''
                    FROM note LEFT JOIN article ON article.id = note.articleID
                    WHERE note.trashedAt IS NULL AND article.trashedAt IS NULL
                    ORDER BY note.docid;
                    """)
        }
        migrator.registerMigration("v6-list-and-count-indexes") { db in
            // `list` (newest first, outside the trash) and `status` (counts) read these
            // indexes instead of the article rows, whose text makes them large.
            try db.execute(
                sql: """
                    DROP INDEX IF EXISTS article_savedAt;
                    CREATE INDEX article_list ON article(trashedAt, savedAt, id);
                    CREATE INDEX article_counts ON article(trashedAt, state, starred, contentStatus);
                    CREATE INDEX note_list ON note(trashedAt, createdAt, id);
                    DROP INDEX IF EXISTS note_articleID;
                    CREATE INDEX note_article ON note(articleID, trashedAt, createdAt, id);
                    """)
        }
        migrator.registerMigration("v7-remote-changes") { db in
            // Changes made on other devices, as merged into this store (see `Store.applyRemote`).
            // A change is identified by its timestamp: a device never issues one twice.
            try db.execute(
                sql: """
                    CREATE TABLE remoteChange (
                        timestamp TEXT PRIMARY KEY NOT NULL,
                        entity TEXT NOT NULL,
                        entityID TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        field TEXT,
                        value TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX remoteChange_entityID ON remoteChange(entityID);
                    CREATE INDEX change_timestamp ON change(timestamp);
                    -- Notes merged before their article arrived.
                    CREATE TABLE waitingNote (
                        noteID TEXT PRIMARY KEY NOT NULL,
                        articleID TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX waitingNote_articleID ON waitingNote(articleID);
                    """)
        }
        migrator.registerMigration("v8-rejected-changes") { db in
            // Local changes a server refused, set aside so they never block the ones after.
            try db.execute(
                sql: """
                    CREATE TABLE rejectedChange (
                        sequence INTEGER PRIMARY KEY NOT NULL REFERENCES change(sequence),
                        reason TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9-fetch-attempts") { db in
            // This device's failed fetches of pending articles: local only, never synced (another
            // device may well reach the page).
            try db.execute(
                sql: """
                    CREATE TABLE fetchAttempt (
                        articleID TEXT PRIMARY KEY NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                        attempts INTEGER NOT NULL,
                        lastError TEXT NOT NULL,
                        lastAttemptAt TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v10-digest") { db in
            // The running digest of every change this device knows (`DigestLedger`).
            try DigestLedger.save(db, try DigestLedger.compute(db))
        }
        migrator.registerMigration("v11-note-conflicts") { db in
            // Bodies that lost to overlapping edits (`Note.conflicts`, JSON). Bodies written
            // before versions were named merge as last writer wins, so no note has one yet.
            try db.execute(
                sql: """
                    ALTER TABLE note ADD COLUMN conflicts TEXT NOT NULL DEFAULT '[]';
                    CREATE INDEX note_conflicted ON note(createdAt, id) WHERE conflicts <> '[]';
                    """)
        }
        migrator.registerMigration("v12-unreadable-items") { db in
            // Items whose merged changes this version cannot decode (a newer Folio's format):
            // their last good row is kept, and they are rebuilt at each sync until they decode.
            try db.execute(
                sql: """
                    CREATE TABLE unreadableItem (
                        entityID TEXT PRIMARY KEY NOT NULL,
                        entity TEXT NOT NULL,
                        reason TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v13-id-tails") { db in
            // Short ids are starts of an id's random tail (`Store+Identifiers`): resolving one
            // and finding a tail's neighbours are range scans on these expression indexes.
            try db.execute(
                sql: """
                    CREATE INDEX article_id_tail ON article(substr(id, 25));
                    CREATE INDEX note_id_tail ON note(substr(id, 25));
                    """)
        }
        migrator.registerMigration("v14-device-names") { db in
            // The names of the user's devices, as the sync server last gave them (labels for
            // note histories and conflicts; not part of the library).
            try db.execute(
                sql: """
                    CREATE TABLE deviceName (
                        deviceID TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v15-dead-links") { db in
            // Dead links (404, 410, a host name that does not exist) seen in a row, and when
            // the device gave up on the URL after `Store.deadLinkAttemptLimit` of them (NULL
            // while it is still tried). Local like the attempts: another device may reach it.
            try db.execute(
                sql: """
                    ALTER TABLE fetchAttempt ADD COLUMN deadLinkAttempts INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE fetchAttempt ADD COLUMN failedAt TEXT;
                    """)
        }
        migrator.registerMigration("v16-provisional-titles") { db in
            // Articles whose title an import gave as a stand-in (the URL, or a title Pocket cut
            // at 75 characters): the fetched page's title replaces it. Local, like fetch attempts.
            try db.execute(
                sql: """
                    CREATE TABLE provisionalTitle (
                        articleID TEXT PRIMARY KEY NOT NULL REFERENCES article(id) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v17-search-external-content") { db in
            // The index keeps no copy of the text any more (issue 14): an FTS5 external content
            // table that reads titles, tags and text from the rows, through the view
            // `searchContent`, when a snippet needs them. The view gives exactly the text that
            // is indexed (see `LibraryRecord.indexedText`), and only for what is searchable:
            // articles outside the trash at rowid = docid, and notes outside the trash whose
            // article is outside it too at rowid = docid - 2^62 (`IndexLayout`). FTS5 looks
            // rows up by that rowid: the expression index on notes makes that a search, not a
            // scan. The entries are added again from the view (FTS5's 'rebuild' cannot read
            // this view in SQLite 3.40: json_each fails inside it), notes first, so that the
            // rowids ascend.
            let offset = IndexLayout.noteOffset
            try db.execute(
                sql: """
                    DROP TABLE searchIndex;
                    CREATE INDEX note_search ON note(docid - \(offset));
                    CREATE VIEW searchContent(indexRowID, title, tags, notes, body) AS
                    SELECT article.docid, article.title,
                           coalesce((SELECT group_concat(tag.value, ' ') FROM json_each(article.tags) AS tag), ''),
                           '', replace(article.content, '#', '')
                    FROM article WHERE article.trashedAt IS NULL
                    UNION ALL
                    SELECT note.docid - \(offset), '',
                           coalesce((SELECT group_concat(tag.value, ' ') FROM json_each(note.tags) AS tag), ''),
                           coalesce(note.quote || char(10), '') || note.body
                               || coalesce((SELECT group_concat(char(10) || json_extract(conflict.value, '$.body'), '')
                                            FROM json_each(note.conflicts) AS conflict), ''),
                           ''
                    FROM note LEFT JOIN article ON article.id = note.articleID
                    WHERE note.trashedAt IS NULL AND article.trashedAt IS NULL;
                    CREATE VIRTUAL TABLE searchIndex USING fts5(
                        title, tags, notes, body,
                        content = 'searchContent', content_rowid = 'indexRowID',
                        tokenize = 'porter unicode61 remove_diacritics 2',
                        prefix = '2 3'
                    );
                    INSERT INTO searchIndex(searchIndex, rank) VALUES('rank', 'bm25(10.0, 5.0, 3.0, 1.0)');
                    INSERT INTO searchIndex(rowid, title, tags, notes, body)
                    SELECT indexRowID, title, tags, notes, body FROM searchContent WHERE indexRowID < 0;
                    INSERT INTO searchIndex(rowid, title, tags, notes, body)
                    SELECT indexRowID, title, tags, notes, body FROM searchContent WHERE indexRowID > 0;
                    INSERT INTO searchIndex(searchIndex) VALUES('optimize');
                    """)
        }
        migrator.registerMigration("v18-current-digest") { db in
            // Per item, its share of the digest of what the items are now (`EssentialsLedger`):
            // the changes that decide it, which compaction never drops, so a device and a server
            // that compacted different parts of the history still compare.
            try db.execute(
                sql: """
                    CREATE TABLE itemDigest (
                        entityID TEXT PRIMARY KEY NOT NULL,
                        entity TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        sum INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
            try EssentialsLedger.rebuild(db)
        }
        migrator.registerMigration("v19-compacted-changes") { db in
            // The clocks of changes compaction dropped from this device's logs (`Store.compact`):
            // a page that brings one again stores nothing, and the digest of every change
            // known still counts it.
            try db.execute(
                sql: """
                    CREATE TABLE compactedChange (
                        timestamp TEXT PRIMARY KEY NOT NULL,
                        entity TEXT NOT NULL,
                        entityID TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v20-content-in-row") { db in
            // Merged article snapshots whose text is the row's keep it there only (`ContentInRow`).
            // Existing snapshots are left whole; compaction takes their text out as it goes.
            try db.execute(sql: "ALTER TABLE remoteChange ADD COLUMN contentInRow INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v21-item-counts") { db in
            try ItemCounts.create(db)
        }
        migrator.registerMigration("v22-change-bounds") { db in
            // For each change, a sequence the server's number for it is at or below (NULL: not
            // known yet), against the settled sequence pulls bring (meta 'settled'): what
            // compaction on the device may treat as settled (docs/sync-protocol.md, "Note
            // versions on devices"). Changes stored before stay NULL: never settled.
            try db.execute(
                sql: """
                    ALTER TABLE change ADD COLUMN bound INTEGER;
                    ALTER TABLE remoteChange ADD COLUMN bound INTEGER;
                    CREATE INDEX change_unbound ON change(sequence) WHERE bound IS NULL;
                    """)
        }
        migrator.registerMigration("v23-compacted-clocks") { db in
            try CompactedClocks.migrate(db)
        }
        return migrator
    }
}
