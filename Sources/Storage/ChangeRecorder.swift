import Foundation
import GRDB
import Models

/// Appends change-log rows inside a write transaction, stamping each with the device's
/// hybrid logical clock. The clock is loaded at the start of the transaction and saved at its
/// end, so timestamps never go backwards across processes. The wall-clock time comes from the
/// store's `StoreConfiguration.now`.
struct ChangeRecorder {
    private var clock: HybridLogicalClock
    private let now: @Sendable () -> Date
    private var changed = false
    /// The timestamp of the last change recorded in this transaction. An edited item's
    /// `updatedAt` is the clock time of its latest change, which every device that merges the
    /// change computes too (see `MergeState.article(id:)`).
    private(set) var lastRecorded: HLCTimestamp?
    /// What this transaction adds to the store's digest (`DigestLedger`).
    private var digest = LibraryDigest.Tally()
    /// The items whose changes this transaction added or set aside: their share of the digest
    /// of what the items are now (`EssentialsLedger`) is counted again at the end.
    private var touched: Set<ItemKey> = []
    /// Merge states of touched items made from every change each holds after its last one in
    /// this transaction (a rebuild's): the ledger counts them without reading the changes again.
    private var mergedStates: [ItemKey: MergeState] = [:]
    private let encoder = FolioJSON.encoder()

    init(db: Database, now: @escaping @Sendable () -> Date) throws {
        self.now = now
        let deviceID = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") ?? "unknown"
        let last = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'clock'").flatMap(HLCTimestamp.init)
        clock = HybridLogicalClock(deviceID: deviceID, last: last)
    }

    /// Appends one change; `value` is encoded as JSON (an optional that is nil as `null`, so
    /// that clearing a field syncs like setting it). Returns the change's timestamp.
    @discardableResult
    mutating func record<Value: Encodable>(
        _ db: Database, _ entity: Change.Entity, _ entityID: String, _ operation: Change.Operation,
        field: String? = nil, value: Value
    ) throws -> HLCTimestamp {
        try append(db, entity, entityID, operation, field: field, json: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Appends one change that carries no value. Returns the change's timestamp.
    @discardableResult
    mutating func record(_ db: Database, _ entity: Change.Entity, _ entityID: String, _ operation: Change.Operation) throws
        -> HLCTimestamp
    {
        try append(db, entity, entityID, operation, field: nil, json: nil)
    }

    private mutating func append(
        _ db: Database, _ entity: Change.Entity, _ entityID: String, _ operation: Change.Operation, field: String?, json: String?
    ) throws -> HLCTimestamp {
        let timestamp = clock.tick(now: now())
        changed = true
        lastRecorded = timestamp
        let statement = try db.cachedStatement(
            sql: "INSERT INTO change(entity, entityID, operation, field, value, timestamp) VALUES (?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [entity.rawValue, entityID, operation.rawValue, field, json, timestamp.description])
        digest.add(entity: entity, id: entityID, timestamp: timestamp.description)
        touched.insert(ItemKey(entity: entity, id: entityID))
        mergedStates[ItemKey(entity: entity, id: entityID)] = nil
        return timestamp
    }

    /// Marks an item whose known changes this transaction changed in another way (merged from
    /// elsewhere, or set aside).
    mutating func touch(_ item: ItemKey) {
        touched.insert(item)
        mergedStates[item] = nil
    }

    /// Hands over the merge state of every change a touched item holds now, none of them
    /// this device's own (whose refused changes the ledger leaves out), as a rebuild made it;
    /// a later change or touch of the item in this transaction discards it.
    mutating func merged(_ item: ItemKey, state: MergeState) {
        guard touched.contains(item) else { return }
        mergedStates[item] = state
    }

    /// Applies tag additions and removals to `tags`, recording a change for each tag that
    /// really comes or goes. Returns the new tags, sorted.
    mutating func changeTags(
        _ db: Database, _ entity: Change.Entity, _ id: String, current tags: [String], add: [String], remove: [String]
    ) throws -> [String] {
        var result = Set(tags)
        for tag in Tag.normalizedSet(add) where !result.contains(tag) {
            result.insert(tag)
            try record(db, entity, id, .tagAdd, value: tag)
        }
        for tag in Tag.normalizedSet(remove) where result.contains(tag) {
            result.remove(tag)
            try record(db, entity, id, .tagRemove, value: tag)
        }
        return result.sorted()
    }

    /// Moves the clock past a timestamp made on another device, unless it is more than a day
    /// ahead of this device's clock (`ChangeValidation.maximumClockLead`): a change stamped in
    /// the year 2500 (which today's servers refuse, but an older one may hold) must not move
    /// this device's clock there for good.
    mutating func observe(_ remote: HLCTimestamp) {
        let current = now()
        let limit = (current.timeIntervalSince1970 * 1000).rounded(.down) + Double(ChangeValidation.maximumClockLead)
        guard Double(remote.wallMillis) <= limit else { return }
        clock.observe(remote, now: current)
        changed = true
    }

    /// Saves the clock (called by `Store.write` before commit).
    func finish(_ db: Database) throws {
        try DigestLedger.add(db, digest)
        try EssentialsLedger.refresh(db, items: touched, merged: mergedStates)
        guard changed else { return }
        try db.execute(
            sql: "INSERT INTO meta(key, value) VALUES ('clock', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [clock.last.description])
    }
}
