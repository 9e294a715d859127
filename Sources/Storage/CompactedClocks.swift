import GRDB
import Models

/// The clocks of the changes compaction dropped from this device's logs, as numbers: each
/// device named once (`clockDevice`), then each clock's time and counter (`compactedClock`),
/// as the server keeps them (its migration v9). A page that brings one of them again stores
/// nothing (`contains`), and the digest of every change known still counts the dropped
/// changes, through the tally of what they added to it (meta `compactedDigest…`). The clocks
/// of older stores that are not in the exact form `HLCTimestamp` writes stay as text in
/// `compactedChange`, with their items, and are still consulted.
enum CompactedClocks {
    /// The meta keys of the dropped changes' share of the digest of every change known.
    static let digestKeys = (articles: "compactedDigestArticles", notes: "compactedDigestNotes")

    /// Migration v23: the tables, and the clocks of `compactedChange` moved into them (an
    /// edit-heavy writer's 376,812 clocks took 39.3 MiB as text with their items).
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE clockDevice (
                    id INTEGER PRIMARY KEY,
                    deviceID TEXT NOT NULL UNIQUE
                );
                CREATE TABLE compactedClock (
                    device INTEGER NOT NULL REFERENCES clockDevice(id),
                    wallMillis INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    PRIMARY KEY (device, wallMillis, counter)
                ) WITHOUT ROWID;
                """)
        var tally = LibraryDigest.Tally()
        var moved: [String] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT timestamp, entity, entityID FROM compactedChange")
        while let row = try rows.next() {
            let text: String = row["timestamp"]
            // Only a text that is exactly what its clock writes: any other stays as it is.
            guard let clock = HLCTimestamp(text), clock.description == text, let entity = Change.Entity(rawValue: row["entity"]) else {
                continue
            }
            tally.add(entity: entity, id: row["entityID"], timestamp: text)
            try insert(db, clock)
            moved.append(text)
        }
        for text in moved {
            try db.cachedStatement(sql: "DELETE FROM compactedChange WHERE timestamp = ?").execute(arguments: [text])
        }
        try DigestLedger.save(db, tally, keys: digestKeys)
    }

    /// Keeps the clock of a dropped change; `tally` gathers what it added to the digest of every
    /// change known (`addToDigest` keeps it).
    static func remember(_ db: Database, _ change: Change, tally: inout LibraryDigest.Tally) throws {
        try insert(db, change.timestamp)
        tally.add(entity: change.entity, id: change.entityID, timestamp: change.timestamp.description)
    }

    /// Forgets the kept clock of a dropped change that comes back (a page brings it again):
    /// `returned` gathers what to take out of the dropped changes' share of the digest
    /// (`addToDigest` takes it). Says whether the clock was kept.
    static func forget(_ db: Database, _ change: Change, returned: inout LibraryDigest.Tally) throws -> Bool {
        let clock = change.timestamp
        try db.cachedStatement(
            sql: """
                DELETE FROM compactedClock WHERE device = (SELECT id FROM clockDevice WHERE deviceID = ?)
                AND wallMillis = ? AND counter = ?
                """
        ).execute(arguments: [clock.deviceID, clock.wallMillis, clock.counter])
        var forgotten = db.changesCount > 0
        try db.cachedStatement(sql: "DELETE FROM compactedChange WHERE timestamp = ?").execute(arguments: [clock.description])
        forgotten = forgotten || db.changesCount > 0
        if forgotten { returned.remove(entity: change.entity, id: change.entityID, timestamp: clock.description) }
        return forgotten
    }

    /// Adds what dropped changes added to the digest of every change known.
    static func addToDigest(_ db: Database, _ tally: LibraryDigest.Tally) throws {
        try DigestLedger.add(db, tally, keys: digestKeys)
    }

    private static func insert(_ db: Database, _ clock: HLCTimestamp) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO clockDevice(deviceID) VALUES (?)").execute(arguments: [clock.deviceID])
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO compactedClock(device, wallMillis, counter) SELECT id, ?, ? FROM clockDevice WHERE deviceID = ?"
        ).execute(arguments: [clock.wallMillis, clock.counter, clock.deviceID])
    }

    /// Whether compaction dropped any change here (a store that never compacted has nothing
    /// to look up when a page comes).
    static func any(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM compactedClock) OR EXISTS (SELECT 1 FROM compactedChange)") ?? false
    }

    /// Every clock compaction dropped, in either form.
    static func all(_ db: Database) throws -> Set<HLCTimestamp> {
        var clocks = Set(try String.fetchAll(db, sql: "SELECT timestamp FROM compactedChange").compactMap(HLCTimestamp.init))
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT deviceID, wallMillis, counter FROM compactedClock JOIN clockDevice ON clockDevice.id = compactedClock.device")
        while let row = try rows.next() {
            clocks.insert(HLCTimestamp(wallMillis: row["wallMillis"], counter: row["counter"], deviceID: row["deviceID"]))
        }
        return clocks
    }
}
