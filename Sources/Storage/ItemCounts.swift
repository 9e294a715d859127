import GRDB

/// How many articles and notes the store holds, by what `folio status` and the short ids
/// count, kept by triggers as rows come, change and go (migration `v21-item-counts`): reading
/// them costs a few rows however large the library, where counting the rows scanned an index
/// of every article (about 30 ms at 100,000 articles, ten times that at a million).
///
/// `articleCount` has one row per combination of trashed, state, starred and content status;
/// `noteCount` one per trashed and in conflict. Triggers catch every write, whoever makes it
/// (an older version of Folio writing to this store included). A table rebuilt by a later
/// migration must create its triggers again (`create` does both).
enum ItemCounts {
    /// Creates the tables and their triggers, and counts the rows there are.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE articleCount (
                    trashed INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    starred INTEGER NOT NULL,
                    contentStatus TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (trashed, state, starred, contentStatus)
                ) WITHOUT ROWID;
                CREATE TABLE noteCount (
                    trashed INTEGER NOT NULL,
                    conflicted INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (trashed, conflicted)
                ) WITHOUT ROWID;
                INSERT INTO articleCount(trashed, state, starred, contentStatus, n)
                SELECT trashedAt IS NOT NULL, state, starred, contentStatus, count(*) FROM article GROUP BY 1, 2, 3, 4;
                INSERT INTO noteCount(trashed, conflicted, n)
                SELECT trashedAt IS NOT NULL, conflicts <> '[]', count(*) FROM note GROUP BY 1, 2;

                CREATE TRIGGER articleCount_insert AFTER INSERT ON article BEGIN
                    \(count("new", 1, article: true))
                END;
                CREATE TRIGGER articleCount_delete AFTER DELETE ON article BEGIN
                    \(count("old", -1, article: true))
                END;
                CREATE TRIGGER articleCount_update AFTER UPDATE OF trashedAt, state, starred, contentStatus ON article
                WHEN (old.trashedAt IS NULL) <> (new.trashedAt IS NULL) OR old.state IS NOT new.state
                    OR old.starred IS NOT new.starred OR old.contentStatus IS NOT new.contentStatus
                BEGIN
                    \(count("old", -1, article: true))
                    \(count("new", 1, article: true))
                END;
                CREATE TRIGGER noteCount_insert AFTER INSERT ON note BEGIN
                    \(count("new", 1, article: false))
                END;
                CREATE TRIGGER noteCount_delete AFTER DELETE ON note BEGIN
                    \(count("old", -1, article: false))
                END;
                CREATE TRIGGER noteCount_update AFTER UPDATE OF trashedAt, conflicts ON note
                WHEN (old.trashedAt IS NULL) <> (new.trashedAt IS NULL) OR (old.conflicts <> '[]') <> (new.conflicts <> '[]')
                BEGIN
                    \(count("old", -1, article: false))
                    \(count("new", 1, article: false))
                END;
                """)
    }

    /// The statement of a trigger that adds `delta` to the count of the `row` (`new` or `old`).
    private static func count(_ row: String, _ delta: Int, article: Bool) -> String {
        if article {
            return """
                INSERT INTO articleCount(trashed, state, starred, contentStatus, n)
                VALUES (\(row).trashedAt IS NOT NULL, \(row).state, \(row).starred, \(row).contentStatus, \(delta))
                ON CONFLICT (trashed, state, starred, contentStatus) DO UPDATE SET n = n + \(delta);
                """
        }
        return """
            INSERT INTO noteCount(trashed, conflicted, n) VALUES (\(row).trashedAt IS NOT NULL, \(row).conflicts <> '[]', \(delta))
            ON CONFLICT (trashed, conflicted) DO UPDATE SET n = n + \(delta);
            """
    }

    /// The counts `folio status` shows.
    struct Articles {
        var live = 0, unread = 0, archived = 0, starred = 0, pending = 0, trashed = 0
    }

    struct Notes {
        var live = 0, trashed = 0, conflicted = 0
    }

    static func articles(_ db: Database) throws -> Articles {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT
                    coalesce(sum(n) FILTER (WHERE NOT trashed), 0),
                    coalesce(sum(n) FILTER (WHERE NOT trashed AND state = 'unread'), 0),
                    coalesce(sum(n) FILTER (WHERE NOT trashed AND state = 'archived'), 0),
                    coalesce(sum(n) FILTER (WHERE NOT trashed AND starred), 0),
                    coalesce(sum(n) FILTER (WHERE NOT trashed AND contentStatus = 'pending'), 0),
                    coalesce(sum(n) FILTER (WHERE trashed), 0)
                FROM articleCount
                """)
        guard let row else { return Articles() }
        return Articles(live: row[0], unread: row[1], archived: row[2], starred: row[3], pending: row[4], trashed: row[5])
    }

    static func notes(_ db: Database) throws -> Notes {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(n) FILTER (WHERE NOT trashed), 0), coalesce(sum(n) FILTER (WHERE trashed), 0),
                       coalesce(sum(n) FILTER (WHERE conflicted), 0)
                FROM noteCount
                """)
        guard let row else { return Notes() }
        return Notes(live: row[0], trashed: row[1], conflicted: row[2])
    }

    /// Every article and note, in the trash or not.
    static func total(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT (SELECT coalesce(sum(n), 0) FROM articleCount) + (SELECT coalesce(sum(n), 0) FROM noteCount)") ?? 0
    }

    /// Articles and notes out of the trash.
    static func live(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db,
            sql:
                "SELECT (SELECT coalesce(sum(n), 0) FROM articleCount WHERE NOT trashed) + (SELECT coalesce(sum(n), 0) FROM noteCount WHERE NOT trashed)"
        ) ?? 0
    }
}
