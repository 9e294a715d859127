import GRDB
import Models

/// What a device does when it rejoins a server that compacted, while it was not waiting for
/// the device, changes the device may hold (`RejoinRules`, docs/sync-protocol.md, "A device
/// that comes back").
extension Store {
    /// Every change this store holds, its own (but the refused ones) and merged, named by clock
    /// and item: what a rejoin asks the server about. A row whose clock does not read is left
    /// out (the server cannot have compacted it).
    package func heldChanges() throws(StoreError) -> [RejoinRequest.Held] {
        try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT timestamp, entity, entityID FROM change WHERE sequence NOT IN (SELECT sequence FROM rejectedChange)
                    UNION ALL SELECT timestamp, entity, entityID FROM remoteChange
                    """)
            var held: [RejoinRequest.Held] = []
            while let row = try rows.next() {
                guard let clock = HLCTimestamp(row["timestamp"]), let entity = Change.Entity(rawValue: row["entity"]) else { continue }
                held.append(RejoinRequest.Held(timestamp: clock, entity: entity, entityID: row["entityID"]))
            }
            return held
        }
    }

    /// The changes this store holds with these clocks, whole (an article's text that only its
    /// row keeps put back in its snapshot).
    package func heldChanges(at clocks: some Collection<HLCTimestamp>) throws(StoreError) -> [Change] {
        try read { db in
            var changes: [Change] = []
            let own = try db.cachedStatement(
                sql: "SELECT 0 AS sequence, entity, entityID, operation, field, value, timestamp FROM change WHERE timestamp = ?")
            let remote = try db.cachedStatement(
                sql: """
                    SELECT 0 AS sequence, entity, entityID, operation, field, \(ContentInRow.valueSQL) AS value, timestamp
                    FROM remoteChange WHERE timestamp = ?
                    """)
            for clock in clocks {
                let text = clock.description
                if let change = try Change.fetchOne(own, arguments: [text]) ?? Change.fetchOne(remote, arguments: [text]) {
                    changes.append(change)
                }
            }
            return changes
        }
    }

    /// Drops the changes with these clocks that the server compacted and no device needs
    /// (`RejoinResponse.forget`), as compaction here drops changes (their clocks kept, the
    /// digest of every change known unchanged), takes the body out of the note snapshots the
    /// server keeps without one (`withoutBody`), and rebuilds their items: what they show is
    /// then what every other device shows. Says how many changes it dropped or shrank.
    @discardableResult
    package func forgetCompacted(_ clocks: some Collection<HLCTimestamp>, withoutBody: some Collection<HLCTimestamp> = [])
        throws(StoreError) -> Int
    {
        guard !clocks.isEmpty || !withoutBody.isEmpty else { return 0 }
        return try write { db, recorder in
            var dropped = LibraryDigest.Tally()
            var items: [ItemKey] = []
            var seen = Set<ItemKey>()
            let own = try db.cachedStatement(sql: "SELECT * FROM change WHERE timestamp = ?")
            let remote = try db.cachedStatement(
                sql: "SELECT 0 AS sequence, entity, entityID, operation, field, value, timestamp FROM remoteChange WHERE timestamp = ?")
            var count = 0
            for clock in clocks {
                let text = clock.description
                let change: Change
                if let row = try Row.fetchOne(own, arguments: [text]) {
                    change = try Change(row: row)
                    try db.cachedStatement(sql: "DELETE FROM change WHERE sequence = ?").execute(arguments: [change.sequence])
                } else if let found = try Change.fetchOne(remote, arguments: [text]) {
                    change = found
                    try db.cachedStatement(sql: "DELETE FROM remoteChange WHERE timestamp = ?").execute(arguments: [text])
                } else {
                    continue
                }
                try CompactedClocks.remember(db, change, tally: &dropped)
                count += 1
                let item = ItemKey(change)
                recorder.touch(item)
                if seen.insert(item).inserted { items.append(item) }
            }
            try CompactedClocks.addToDigest(db, dropped)
            for clock in withoutBody {
                let text = clock.description
                for table in ["change", "remoteChange"] {
                    guard let row = try Row.fetchOne(db, sql: "SELECT entity, entityID, value FROM \(table) WHERE timestamp = ?", arguments: [text]),
                        let value: String = row["value"], let shrunk = RejoinRules.removingBody(from: value)
                    else { continue }
                    try db.execute(sql: "UPDATE \(table) SET value = ? WHERE timestamp = ?", arguments: [shrunk, text])
                    count += 1
                    let item = ItemKey(entity: .note, id: row["entityID"])
                    recorder.touch(item)
                    if seen.insert(item).inserted { items.append(item) }
                }
            }
            for item in items {
                switch item.entity {
                case .article: try rebuild(Article.self, id: item.id, db)
                case .note: try rebuild(Note.self, id: item.id, db)
                }
            }
            return count
        }
    }
}
