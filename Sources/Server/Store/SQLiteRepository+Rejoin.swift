import Foundation
import GRDB
import Models

/// Devices that come back after compaction stopped waiting for them, in the embedded store:
/// the plans of `RejoinRules`, carried out in SQL.
extension SQLiteRepository {
    /// Migration v11: the highest settled sequence compaction used, per user, and per device
    /// the one up to which its changes agree with compaction (`RejoinRules`); and which changes
    /// were stored again for a device that rejoined (pulls send those to the device that made
    /// them too). Devices known before it count as agreeing with everything compacted so far.
    static func migrateToRejoin(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE user ADD COLUMN compactedThrough INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE device ADD COLUMN rejoinedThrough INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE serverChange ADD COLUMN restored INTEGER NOT NULL DEFAULT 0;
                """)
    }

    /// Whether `device` must rejoin before it applies what it pulls.
    static func mustRejoin(_ db: Database, device: String, userID: Int64) throws -> Bool {
        let compactedThrough = try Int64.fetchOne(db, sql: "SELECT compactedThrough FROM user WHERE id = ?", arguments: [userID]) ?? 0
        let rejoinedThrough =
            try Int64.fetchOne(db, sql: "SELECT rejoinedThrough FROM device WHERE userID = ? AND deviceID = ?", arguments: [userID, device])
            ?? 0
        return RejoinRules.mustRejoin(rejoinedThrough: rejoinedThrough, compactedThrough: compactedThrough)
    }

    /// Moves on, for a compaction at `settled`, the devices that agree with it
    /// (`RejoinRules.advancing`), and the user's highest settled sequence used.
    static func noteCompaction(_ db: Database, settled: Int64, now: Date, horizon: TimeInterval, userID: Int64) throws {
        let compactedThrough = try Int64.fetchOne(db, sql: "SELECT compactedThrough FROM user WHERE id = ?", arguments: [userID]) ?? 0
        guard settled > compactedThrough else { return }
        let devices = try Row.fetchAll(
            db, sql: "SELECT deviceID, acknowledged, lastSeen, rejoinedThrough FROM device WHERE userID = ? AND lastSeen IS NOT NULL",
            arguments: [userID]
        ).map { row in
            (
                id: row["deviceID"] as String,
                acknowledgement: DeviceAcknowledgement(acknowledged: row["acknowledged"], lastSeen: Date(timeIntervalSince1970: row["lastSeen"])),
                rejoinedThrough: row["rejoinedThrough"] as Int64
            )
        }
        for device in RejoinRules.advancing(devices: devices, compactedThrough: compactedThrough, settled: settled, now: now, horizon: horizon) {
            try db.execute(
                sql: "UPDATE device SET rejoinedThrough = ? WHERE userID = ? AND deviceID = ?", arguments: [settled, userID, device])
        }
        try db.execute(sql: "UPDATE user SET compactedThrough = ? WHERE id = ?", arguments: [settled, userID])
    }

    /// Asks every device to rejoin when a push's `inserts` fork a note whose heads no longer
    /// share a version over versions the log compacted (`RejoinRules.forkNeedsCompactedVersions`).
    static func askDevicesBack(_ db: Database, after inserts: [ServerChange], userID: Int64) throws {
        let notes = RejoinRules.notesWithNewVersions(inserts)
        guard !notes.isEmpty else { return }
        let compactedThrough = try Int64.fetchOne(db, sql: "SELECT compactedThrough FROM user WHERE id = ?", arguments: [userID]) ?? 0
        guard compactedThrough > 0 else { return }
        for (note, inserted) in notes.sorted(by: { $0.key.id < $1.key.id }) {
            let held = try changes(db, of: note, userID: userID).map(\.change)
            let compacted = Set(try compactedClocks(db, among: RejoinRules.missingBases(held), userID: userID))
            // Nothing of the note's line was compacted: no need to look at its heads.
            guard !compacted.isEmpty, RejoinRules.forkNeedsCompactedVersions(held: held, inserted: inserted, isCompacted: compacted.contains) else {
                continue
            }
            try db.execute(
                sql: "UPDATE device SET rejoinedThrough = min(rejoinedThrough, ?) WHERE userID = ?", arguments: [compactedThrough - 1, userID])
            return
        }
    }

    package func rejoin(_ request: RejoinRequest, for user: ServerUser) async throws -> RejoinResponse {
        let now = Date()
        return try await pool.write { db in
            let plan = RejoinRules.plan(
                request, inputs: try Self.rejoinInputs(db, request, userID: user.id),
                rejoining: try Self.mustRejoin(db, device: request.deviceID, userID: user.id), now: now)
            if let transactionEnd = plan.stored.last?.sequence {
                try Self.removeResent(plan.resends, db, userID: user.id)
                try Self.insert(plan.stored, transactionEnd: transactionEnd, restored: true, db, userID: user.id)
                var total = try Self.tally(db, userID: user.id)
                total.add(plan.tally)
                try Self.saveTally(db, userID: user.id, total)
                try db.execute(sql: "UPDATE user SET lastSequence = ? WHERE id = ?", arguments: [transactionEnd, user.id])
                try Self.noteChanged(db, items: plan.items, userID: user.id)
                try Self.noteLastSequences(db, of: plan.stored, userID: user.id)
            }
            try db.execute(
                sql: "UPDATE device SET lastSeen = ? WHERE userID = ? AND deviceID = ?",
                arguments: [now.timeIntervalSince1970, user.id, request.deviceID])
            if plan.completes {
                try db.execute(
                    sql: """
                        UPDATE device SET rejoinedThrough = max(rejoinedThrough, (SELECT compactedThrough FROM user WHERE id = ?1))
                        WHERE userID = ?1 AND deviceID = ?2
                        """, arguments: [user.id, request.deviceID])
            }
            return plan.response
        }
    }

    /// What `RejoinRules.plan` needs, read in the rejoin's transaction: which of the request's
    /// clocks the log holds and which it compacted, and every change it holds of the items the
    /// request names.
    static func rejoinInputs(_ db: Database, _ request: RejoinRequest, userID: Int64) throws -> RejoinRules.Inputs {
        let clocks = Array(Set(RejoinRules.clocks(of: request)))
        var stored = Set<HLCTimestamp>()
        var compacted = Set<HLCTimestamp>()
        for chunk in stride(from: 0, to: clocks.count, by: 500).map({ clocks[$0..<min($0 + 500, clocks.count)] }) {
            let texts: [any DatabaseValueConvertible] = [userID] + chunk.map(\.description)
            let marks = databaseQuestionMarks(count: chunk.count)
            stored.formUnion(
                try String.fetchAll(
                    db, sql: "SELECT timestamp FROM serverChange WHERE userID = ? AND timestamp IN (\(marks))", arguments: StatementArguments(texts)
                ).compactMap(HLCTimestamp.init))
            compacted.formUnion(
                try String.fetchAll(
                    db, sql: "SELECT timestamp FROM compactedChange WHERE userID = ? AND timestamp IN (\(marks))",
                    arguments: StatementArguments(texts)
                ).compactMap(HLCTimestamp.init))
            compacted.formUnion(try compactedClocks(db, among: chunk, userID: userID))
        }
        var held: [ItemKey: [ServerChange]] = [:]
        for item in RejoinRules.items(of: request) {
            held[item] = try changes(db, of: item, userID: userID)
        }
        return RejoinRules.Inputs(request, stored: stored, compacted: compacted, held: held, lastSequence: try lastSequence(db, userID: userID))
    }

    /// Sends changes again under new sequences (`RejoinRules.Plan.resends`): each leaves its
    /// old sequence.
    static func removeResent(_ resends: [RejoinRules.Plan.Resend], _ db: Database, userID: Int64) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM serverChange WHERE userID = ? AND sequence = ?")
        for resend in resends { try delete.execute(arguments: [userID, resend.old]) }
    }
}
