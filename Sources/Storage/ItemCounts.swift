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
                \(kept(table: "article", counts: "articleCount", key: "trashed, state, starred, contentStatus", watched: "trashedAt, state, starred, contentStatus") {
                    "\($0)trashedAt IS NOT NULL, \($0)state, \($0)starred, \($0)contentStatus"
                })
                \(kept(table: "note", counts: "noteCount", key: "trashed, conflicted", watched: "trashedAt, conflicts") {
                    "\($0)trashedAt IS NOT NULL, \($0)conflicts <> '[]'"
                })
                """)
    }

    /// The statements that count the rows of `table` into `counts` (by `key`, whose values a
    /// row gives as `values` makes them from its columns, each behind a prefix: `new.`, `old.`
    /// or none), and the three triggers that keep the counts as rows come, change (one of the
    /// `watched` columns) and go.
    private static func kept(table: String, counts: String, key: String, watched: String, values: (String) -> String) -> String {
        func add(_ row: String, _ delta: Int) -> String {
            "INSERT INTO \(counts)(\(key), n) VALUES (\(values(row + ".")), \(delta)) ON CONFLICT (\(key)) DO UPDATE SET n = n + \(delta);"
        }
        return """
            INSERT INTO \(counts)(\(key), n) SELECT \(values("")), count(*) FROM \(table) GROUP BY \(values(""));
            CREATE TRIGGER \(counts)_insert AFTER INSERT ON \(table) BEGIN \(add("new", 1)) END;
            CREATE TRIGGER \(counts)_delete AFTER DELETE ON \(table) BEGIN \(add("old", -1)) END;
            CREATE TRIGGER \(counts)_update AFTER UPDATE OF \(watched) ON \(table) WHEN (\(values("old."))) <> (\(values("new.")))
            BEGIN \(add("old", -1)) \(add("new", 1)) END;
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
