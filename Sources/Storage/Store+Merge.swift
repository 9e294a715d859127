import Foundation
import GRDB
import Models

extension Store {
    /// The row numbers now, for `applyRemote(existingBefore:)`.
    package func rowMark() throws(StoreError) -> RowMark {
        try read { db in
            RowMark(
                article: try Int64.fetchOne(db, sql: "SELECT coalesce(max(docid), 0) FROM article") ?? 0,
                note: try Int64.fetchOne(db, sql: "SELECT coalesce(max(docid), 0) FROM note") ?? 0)
        }
    }

    /// Merges changes made on any device, this one included, into the store, in one
    /// transaction: each is kept (once; a change is identified by its timestamp), the clock
    /// moves past it, and every article and note it concerns is rebuilt from all the changes
    /// known for it under `MergeRules`. Applying the same changes in any order, any number of
    /// times, gives the same library. Nothing is added to this device's change log: these
    /// changes are not this device's to push.
    ///
    /// Items the store knows nothing of (no change of theirs, own or merged, and no row: what
    /// a new device pulls) are applied in bulk: their rows are made from the page's changes
    /// in memory, under the same rules, inserted together and indexed by one statement, and
    /// their digest entries come from the same merge (`insertUnknownItems`). Every other item
    /// is rebuilt from everything known for it.
    ///
    /// A note whose article is not here yet waits (its changes are kept) and appears when the
    /// article does. Removing an article removes the rows of its notes with it.
    ///
    /// With `cursor`, the sync cursor is saved in the same transaction, so that an interrupted
    /// sync resumes exactly after the last page applied.
    ///
    /// With `removalLimit`, changes that would move more than that many live articles and
    /// notes to the trash or delete them are not applied at all (the transaction is rolled
    /// back, `StoreError.tooManyRemovals`): the guard against a server that would wipe a device.
    ///
    /// With `existingBefore`, an item counts as removed only if its row was there at that mark
    /// (taken when the sync began): an item that a sync brings in and takes away again, over
    /// several pages (a fresh device pulling an item's creation, then its purge), was never in
    /// this device's library, so it is neither reported as removed nor held by the guard.
    ///
    /// With `inBulk` false, every item is rebuilt one by one: the reference the bulk path is
    /// tested against.
    ///
    /// What compaction on this device may treat as settled (docs/sync-protocol.md, "Note
    /// versions on devices"): each merged change keeps the sequence of `cursor` as its bound
    /// (the server numbered it at or below the end of the page that brought it); and the page
    /// that ends a pull (`endsPull`) gives its cursor's sequence as bound to this device's
    /// changes pushed through `endsPull.pushedThrough` when the pull began (the server numbered
    /// them before), and keeps the settled sequence it came with: the device then holds every
    /// change the server's log held when it said so.
    @discardableResult
    package func applyRemote(
        _ changes: [Change], cursor: String? = nil, removalLimit: Int? = nil, existingBefore mark: RowMark? = nil, inBulk: Bool = true,
        endsPull: PullEnd? = nil
    ) throws(StoreError) -> RemoteApplyResult {
        try write { db, recorder in
            if let cursor { try Self.setMeta(db, "syncCursor", cursor) }
            let pageCursor = cursor.flatMap(SyncCursor.init(token:))
            if let pageCursor { try Self.keepBounds(of: pageCursor.epoch, db) }
            let bound = pageCursor?.sequence
            // What the last pull said was settled, for the items this page brings back (below):
            // that pull ended with everything the log held then, so every change on this page
            // was pushed after it (or is held here already, on a pull from the start). Not this
            // page's own: it may bring a write made before the purge was settled, by a device
            // that had not merged the purge yet.
            let settledBefore = try Self.settledSequence(db)
            if let endsPull, let bound, pageCursor?.byItem == false {
                if let settled = endsPull.settled { try Self.setMeta(db, "settled", String(min(settled, bound))) }
                try db.execute(
                    sql: """
                        UPDATE change SET bound = ? WHERE bound IS NULL AND sequence <= ?
                        AND sequence NOT IN (SELECT sequence FROM rejectedChange)
                        """, arguments: [bound, endsPull.pushedThrough])
            }
            var result = RemoteApplyResult(stored: 0, known: 0, itemsChanged: 0)
            var articles: [String] = []
            var notes: [String] = []
            var seen = Set<String>()
            var digest = LibraryDigest.Tally()
            // Items with nothing here to merge against, before this page's changes are stored,
            // and the changes of theirs that are stored now (the ones a rebuild would read).
            let unknown = inBulk ? try Self.unknownItems(db, ids: changes.map(\.entityID)) : []
            try Self.compactItemsBroughtBack(changes.filter { !unknown.contains($0.entityID) }, settled: settledBefore, db)
            var unknownChanges: [ItemKey: [Change]] = [:]
            var unknownOrder: [ItemKey] = []
            // Known: this device's own. A change compacted away here that a page brings again
            // is stored again: the server stored it again because an item needs it (a device
            // that came back, `RejoinRules`), and it was counted in the digest of every change
            // known when it was dropped.
            let isOwn = try db.cachedStatement(sql: "SELECT 1 FROM change WHERE timestamp = ?")
            var returned = LibraryDigest.Tally()
            let anyCompacted = try CompactedClocks.any(db)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO remoteChange(timestamp, entity, entityID, operation, field, value, bound)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(timestamp) DO NOTHING
                    """)
            // The changes of unknown items are stored after their rows are made, so that a
            // snapshot whose text the row holds is stored without it (`ContentInRow`). Nothing
            // of theirs is stored yet, so only a change the page brings twice is known.
            var unknownTimestamps = Set<HLCTimestamp>()
            for change in changes {
                let timestamp = change.timestamp.description
                let isUnknown = unknown.contains(change.entityID)
                if try Bool.fetchOne(isOwn, arguments: [timestamp]) == true {
                    result.known += 1
                    if try Self.putBackBody(of: change, in: "change", db) { recorder.touch(ItemKey(change)) }
                } else {
                    let comesBack = try anyCompacted && CompactedClocks.forget(db, change, returned: &returned)
                    let isNew: Bool
                    if isUnknown {
                        isNew = unknownTimestamps.insert(change.timestamp).inserted
                    } else {
                        try insert.execute(arguments: [
                            timestamp, change.entity.rawValue, change.entityID, change.operation.rawValue, change.field, change.value, bound,
                        ])
                        isNew = db.changesCount > 0
                    }
                    if isNew {
                        result.stored += 1
                        if !comesBack { digest.add(entity: change.entity, id: change.entityID, timestamp: timestamp) }
                        if isUnknown {
                            unknownChanges[ItemKey(change), default: []].append(change)
                        } else {
                            recorder.touch(ItemKey(change))
                        }
                    } else {
                        result.known += 1
                        if try Self.putBackBody(of: change, in: "remoteChange", db) { recorder.touch(ItemKey(change)) }
                    }
                    recorder.observe(change.timestamp)
                }
                if seen.insert(change.entityID).inserted {
                    if isUnknown {
                        unknownOrder.append(ItemKey(change))
                    } else if change.entity == .article {
                        articles.append(change.entityID)
                    } else {
                        notes.append(change.entityID)
                    }
                }
            }
            /// Counts a rebuilt item; a removal only when its row was there when the sync began
            /// (always, without a mark).
            func count(_ outcome: RebuildOutcome, _ entity: Change.Entity) {
                if outcome.changed { result.itemsChanged += 1 }
                guard case .removed(let rowID) = outcome else { return }
                if let mark, rowID > (entity == .article ? mark.article : mark.note) { return }
                result.itemsRemoved += 1
            }
            // Items this version could not read get another chance: the Folio reading them
            // now may be newer than the one that marked them.
            let unreadable = try Row.fetchAll(db, sql: "SELECT entity, entityID FROM unreadableItem")
            for row in unreadable where seen.insert(row["entityID"]).inserted {
                if row["entity"] == Change.Entity.article.rawValue { articles.append(row["entityID"]) } else { notes.append(row["entityID"]) }
            }
            // Merged once, in memory: the same states a rebuild reads back from the store.
            let states = unknownOrder.compactMap { item in
                unknownChanges[item].map { (item: item, state: MergeState(merging: $0)) }
            }
            result.itemsInBulk = states.count
            let unknownArticles = states.filter { $0.item.entity == .article }
            result.itemsChanged += try Self.insertUnknownItems(Article.self, unknownArticles, db)
            // Rows first, their index entries together at the end (`PendingIndexEntries`).
            var pending = PendingIndexEntries()
            for id in articles {
                let outcome = try rebuild(Article.self, id: id, db, pending: &pending) {
                    recorder.merged(ItemKey(entity: .article, id: id), state: $0)
                }
                count(outcome, .article)
            }
            // Notes that were waiting for an article that is here now.
            var waiting: [String] = []
            let waitingFor = try db.cachedStatement(
                sql: "SELECT noteID FROM waitingNote WHERE articleID = ? AND EXISTS (SELECT 1 FROM article WHERE id = ?)")
            for id in unknownArticles.map(\.item.id) + articles { waiting += try String.fetchAll(waitingFor, arguments: [id, id]) }
            result.itemsChanged += try Self.insertUnknownItems(Note.self, states.filter { $0.item.entity == .note }, db)
            try Self.storeUnknownItemChanges(unknownOrder.flatMap { unknownChanges[$0] ?? [] }, bound: bound, db)
            for id in notes + waiting.filter({ !seen.contains($0) }) {
                let outcome = try rebuild(Note.self, id: id, db, pending: &pending) { recorder.merged(ItemKey(entity: .note, id: id), state: $0) }
                count(outcome, .note)
            }
            try pending.write(db)
            if let removalLimit, result.itemsRemoved > removalLimit {
                throw StoreError.tooManyRemovals(count: result.itemsRemoved, limit: removalLimit)
            }
            try DigestLedger.add(db, digest)
            try CompactedClocks.addToDigest(db, returned)
            try EssentialsLedger.add(db, states: states)
            return result
        }
    }

    /// Puts a note's first body back into the snapshot (`create`) this store keeps of it in
    /// `table` without one, when a page brings that snapshot with its body: compaction here took
    /// the body out once the version after it was settled, and the server sends it again
    /// because a device that rejoined edited from it (`RejoinRules`). Says whether it did.
    static func putBackBody(of change: Change, in table: String, _ db: Database) throws -> Bool {
        guard change.entity == .note, change.operation == .create, let value = change.value, RejoinRules.removingBody(from: value) != nil,
            let held = try String.fetchOne(db, sql: "SELECT value FROM \(table) WHERE timestamp = ?", arguments: [change.timestamp.description]),
            RejoinRules.removingBody(from: held) == nil
        else { return false }
        try db.execute(sql: "UPDATE \(table) SET value = ? WHERE timestamp = ?", arguments: [value, change.timestamp.description])
        return true
    }

    /// Every change known for one item, local and remote.
    static func knownChanges(_ db: Database, entityID: String) throws -> [Change] {
        try Change.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT 0 AS sequence, entity, entityID, operation, field, value, timestamp FROM change WHERE entityID = ?
                    UNION ALL
                    SELECT 0, entity, entityID, operation, field, \(ContentInRow.valueSQL), timestamp FROM remoteChange WHERE entityID = ?
                    """),
            arguments: [entityID, entityID])
    }

    /// What `MergeRules` make of every change known for one item.
    static func mergedState(_ db: Database, id: String) throws -> MergeState {
        MergeState(merging: try knownChanges(db, entityID: id))
    }

    /// What `MergeRules` make of every change known for one item, reading a snapshot whose
    /// text the row holds with an empty text (`ContentInRow.placeholderSQL`), and whether such a
    /// snapshot's text wins: the item's text is then the row's. Rebuilding an article after a
    /// change to its title or tags then neither copies its text into the snapshot nor reads it
    /// back out of JSON. Also says whether any of the changes is this device's own.
    static func mergedStateLeavingRowText(_ db: Database, id: String) throws -> (state: MergeState, rowTextWins: Bool, hasOwn: Bool) {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT 0 AS sequence, entity, entityID, operation, field, value, timestamp, 0 AS inRow, 1 AS own FROM change WHERE entityID = ?
                    UNION ALL
                    SELECT 0, entity, entityID, operation, field, \(ContentInRow.placeholderSQL), timestamp, contentInRow, 0
                    FROM remoteChange WHERE entityID = ?
                    """),
            arguments: [id, id])
        var inRow = Set<HLCTimestamp>()
        var hasOwn = false
        var changes: [Change] = []
        changes.reserveCapacity(rows.count)
        for row in rows {
            let change = try Change(row: row)
            if row["inRow"] as Bool { inRow.insert(change.timestamp) }
            if row["own"] as Bool { hasOwn = true }
            changes.append(change)
        }
        let state = MergeState(merging: changes)
        return (state, state.fields["content"].map { inRow.contains($0.timestamp) } ?? false, hasOwn)
    }

    /// Rebuilds one item's row from all its known changes; says how the row changed.
    ///
    /// Only an absent item (purged, or never complete) loses its row. An item whose merged
    /// changes do not decode (a newer Folio's enum value, a wrongly typed value) keeps its
    /// last good row and index entry, and is recorded in `unreadableItem` until it decodes
    /// again: its changes stay in the log, so a newer Folio rebuilds it from them.
    @discardableResult
    func rebuild<Record: LibraryRecord & MergeMaterializable>(_ type: Record.Type, id: String, _ db: Database) throws
        -> RebuildOutcome
    {
        var pending = PendingIndexEntries()
        let outcome = try rebuild(type, id: id, db, pending: &pending)
        try pending.write(db)
        return outcome
    }

    /// `rebuild(_:id:_:)`, noting the index entry of a written row in `pending`: a sync's page
    /// writes its rows first and indexes them together (`PendingIndexEntries`). When none of
    /// the item's changes is this device's own, `mergedFromOthers` gets the merge state of all
    /// of them (for the essentials ledger).
    func rebuild<Record: LibraryRecord & MergeMaterializable>(
        _ type: Record.Type, id: String, _ db: Database, pending: inout PendingIndexEntries,
        mergedFromOthers: (MergeState) -> Void = { _ in }
    ) throws -> RebuildOutcome {
        let existing = try Record.fetchOne(db.cachedStatement(sql: "SELECT * FROM \(Record.databaseTableName) WHERE id = ?"), arguments: [id])
        // An article whose winning text is the one its row holds is merged without it, and
        // takes it from the row (a marked snapshot always has a row: `ContentInRow`; were it
        // missing, the changes are read in full).
        let merge = try Self.mergedStateLeavingRowText(db, id: id)
        if !merge.hasOwn { mergedFromOthers(merge.state) }
        var state = merge.state
        var textFromRow: Record?
        if merge.rowTextWins {
            if let existing { textFromRow = existing } else { state = try Self.mergedState(db, id: id) }
        }
        var merged: Record?
        switch Record.materialize(state, id: id) {
        case .present(let item):
            merged = textFromRow.map(item.withText(of:)) ?? item
        case .absent:
            merged = nil
        case .incomplete where existing == nil:
            merged = nil  // its creation has not arrived yet
        case .incomplete:
            // Merged fields only ever grow, so a row's item cannot lose one; if it does, it
            // is kept all the same.
            try Self.markUnreadable(db, Record.entity, id: id, reason: "fields it needs are missing")
            return .unchanged
        case .unreadable(let reason):
            try Self.markUnreadable(db, Record.entity, id: id, reason: reason)
            return .unchanged
        }
        try Self.forgetUnreadable(db, id: id)
        if Record.self == Note.self {
            if let articleID = (merged as? Note)?.articleID, try !Article.exists(db, id: articleID) {
                merged = nil  // waits for its article
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO waitingNote(noteID, articleID) VALUES (?, ?)")
                    .execute(arguments: [id, articleID])
            } else {
                try db.cachedStatement(sql: "DELETE FROM waitingNote WHERE noteID = ?").execute(arguments: [id])
            }
        }
        switch (existing, merged) {
        case (nil, nil):
            return .unchanged
        case (let existing?, nil):
            try pending.write(db)  // before entries are removed
            if Record.self == Article.self {
                for noteID in try String.fetchAll(db, sql: "SELECT id FROM note WHERE articleID = ?", arguments: [id]) {
                    try Note.deleteIndexed(db, id: noteID)
                    // The note waits for its article, which a later write can bring back (in
                    // the trash): it then comes back with it.
                    try db.execute(sql: "INSERT OR REPLACE INTO waitingNote(noteID, articleID) VALUES (?, ?)", arguments: [noteID, id])
                }
            }
            let rowID = try Record.deleteIndexed(db, id: existing.id) ?? 0
            return existing.trashedAt == nil ? .removed(rowID: rowID) : .changed
        case (nil, let merged?):
            try merged.insertIndexed(db, pending: &pending)
            if Record.self == Article.self { try ContentInRow.take(db, articleID: id) }
            return .changed
        case (let existing?, let merged?):
            guard merged != existing else { return .unchanged }
            try merged.updateIndexed(db, before: existing, pending: &pending)  // an article's notes go with it
            if Record.self == Article.self { try ContentInRow.take(db, articleID: id) }
            guard existing.trashedAt == nil && merged.trashedAt != nil else { return .changed }
            let rowID =
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT docid FROM \(Record.databaseTableName) WHERE id = ?"), arguments: [id]) ?? 0
            return .removed(rowID: rowID)
        }
    }
}

extension Store {
    /// Records that an item's merged changes do not decode here, and why.
    static func markUnreadable(_ db: Database, _ entity: Change.Entity, id: String, reason: String) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO unreadableItem(entityID, entity, reason) VALUES (?, ?, ?)
                ON CONFLICT(entityID) DO UPDATE SET reason = excluded.reason
                """
        ).execute(arguments: [id, entity.rawValue, reason])
    }

    /// Forgets that an item was unreadable (it was purged here: there is nothing left to read).
    static func forgetUnreadable(_ db: Database, id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM unreadableItem WHERE entityID = ?").execute(arguments: [id])
    }

    /// Articles and notes whose merged changes this version of Folio cannot decode (written by
    /// a newer one, or wrongly typed), with the reason: each keeps its last good row.
    package func unreadableItems() throws(StoreError) -> [(entity: Change.Entity, id: String, reason: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT entity, entityID, reason FROM unreadableItem ORDER BY entityID").compactMap { row in
                Change.Entity(rawValue: row["entity"]).map { ($0, row["entityID"], row["reason"]) }
            }
        }
    }
}
