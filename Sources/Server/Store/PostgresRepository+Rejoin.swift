import Foundation
import Logging
import Models
import PostgresNIO

/// Devices that come back after compaction stopped waiting for them, in PostgreSQL: the plans
/// of `RejoinRules`, carried out in SQL.
extension PostgresRepository {
    /// Migration v11: the highest settled sequence compaction used, per user, and per device
    /// the one up to which its changes agree with compaction (`RejoinRules`); and which changes
    /// were stored again for a device that rejoined (pulls send those to their maker too).
    static func migrateToRejoin(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            "ALTER TABLE folio_user ADD COLUMN IF NOT EXISTS compacted_through BIGINT NOT NULL DEFAULT 0", logger: logger)
        try await connection.query(
            "ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS rejoined_through BIGINT NOT NULL DEFAULT 0", logger: logger)
        try await connection.query("ALTER TABLE folio_change ADD COLUMN IF NOT EXISTS restored BOOLEAN NOT NULL DEFAULT FALSE", logger: logger)
    }

    /// The user's highest settled sequence compaction used.
    static func compactedThrough(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> Int64 {
        for try await value in try await connection.query("SELECT compacted_through FROM folio_user WHERE id = \(userID)", logger: logger)
            .decode(Int64.self)
        {
            return value
        }
        return 0
    }

    /// Whether `device` must rejoin before it applies what it pulls.
    static func mustRejoin(_ connection: PostgresConnection, device: String, userID: Int64, _ logger: Logger) async throws -> Bool {
        var rejoinedThrough: Int64 = 0
        for try await value in try await connection.query(
            "SELECT rejoined_through FROM folio_device WHERE user_id = \(userID) AND device_id = \(device)", logger: logger
        ).decode(Int64.self) {
            rejoinedThrough = value
        }
        return RejoinRules.mustRejoin(
            rejoinedThrough: rejoinedThrough, compactedThrough: try await compactedThrough(connection, userID: userID, logger))
    }

    /// Moves on, for a compaction at `settled`, the devices that agree with it
    /// (`RejoinRules.advancing`), and the user's highest settled sequence used.
    static func noteCompaction(
        _ connection: PostgresConnection, settled: Int64, now: Date, horizon: TimeInterval, userID: Int64, _ logger: Logger
    ) async throws {
        let compactedThrough = try await compactedThrough(connection, userID: userID, logger)
        guard settled > compactedThrough else { return }
        var devices: [(id: String, acknowledgement: DeviceAcknowledgement, rejoinedThrough: Int64)] = []
        for try await (id, acknowledged, lastSeen, rejoinedThrough) in try await connection.query(
            """
            SELECT device_id, acknowledged, last_seen, rejoined_through FROM folio_device
            WHERE user_id = \(userID) AND last_seen IS NOT NULL
            """, logger: logger
        ).decode((String, Int64, Double, Int64).self) {
            devices.append(
                (id, DeviceAcknowledgement(acknowledged: acknowledged, lastSeen: Date(timeIntervalSince1970: lastSeen)), rejoinedThrough))
        }
        let advancing = RejoinRules.advancing(devices: devices, compactedThrough: compactedThrough, settled: settled, now: now, horizon: horizon)
        if !advancing.isEmpty {
            try await connection.query(
                "UPDATE folio_device SET rejoined_through = \(settled) WHERE user_id = \(userID) AND device_id = ANY(\(advancing))",
                logger: logger)
        }
        try await connection.query("UPDATE folio_user SET compacted_through = \(settled) WHERE id = \(userID)", logger: logger)
    }

    /// Asks every device to rejoin when a push's `inserts` fork a note whose heads no longer
    /// share a version over versions the log compacted (`RejoinRules.forkNeedsCompactedVersions`).
    static func askDevicesBack(_ connection: PostgresConnection, after inserts: [ServerChange], userID: Int64, _ logger: Logger) async throws {
        let notes = RejoinRules.notesWithNewVersions(inserts)
        guard !notes.isEmpty else { return }
        let compactedThrough = try await compactedThrough(connection, userID: userID, logger)
        guard compactedThrough > 0 else { return }
        for (note, inserted) in notes.sorted(by: { $0.key.id < $1.key.id }) {
            let held = try await changes(connection, of: note, userID: userID, logger).map(\.change)
            let compacted = Set(try await compactedClocks(connection, among: Array(RejoinRules.missingBases(held)), userID: userID, logger))
            // Nothing of the note's line was compacted: no need to look at its heads.
            guard !compacted.isEmpty, RejoinRules.forkNeedsCompactedVersions(held: held, inserted: inserted, isCompacted: compacted.contains) else {
                continue
            }
            try await connection.query(
                "UPDATE folio_device SET rejoined_through = LEAST(rejoined_through, \(compactedThrough - 1)) WHERE user_id = \(userID)",
                logger: logger)
            return
        }
    }

    /// Devices compact by what a page says is settled, as the server does: a pull that names
    /// its device counts the settled sequence as used by compaction (`noteCompaction`), under
    /// the user's row lock, taken first as pushes take it.
    func noteSettled(now: Date, horizon: TimeInterval, for user: ServerUser) async throws {
        let logger = self.logger
        // Most pulls move nothing: only those take the lock.
        let moves = try await client.withConnection { connection -> Bool in
            let settled = try await Self.settledSequence(
                connection, userID: user.id, lastSequence: try await Self.lastSequence(connection, userID: user.id, logger), now: now,
                horizon: horizon, logger)
            return settled > (try await Self.compactedThrough(connection, userID: user.id, logger))
        }
        guard moves else { return }
        try await client.withTransaction(logger: logger) { connection in
            var lastSequence: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                lastSequence = value
            }
            let settled = try await Self.settledSequence(connection, userID: user.id, lastSequence: lastSequence, now: now, horizon: horizon, logger)
            try await Self.noteCompaction(connection, settled: settled, now: now, horizon: horizon, userID: user.id, logger)
        }
    }

    package func rejoin(_ request: RejoinRequest, for user: ServerUser) async throws -> RejoinResponse {
        let logger = self.logger
        let now = Date()
        return try await client.withTransaction(logger: logger) { connection -> RejoinResponse in
            // The user's row lock, as pushes take it: the changes stored again are numbered
            // after the log's end.
            var lastSequence: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                lastSequence = value
            }
            let plan = RejoinRules.plan(
                request, inputs: try await Self.rejoinInputs(connection, request, lastSequence: lastSequence, userID: user.id, logger),
                rejoining: try await Self.mustRejoin(connection, device: request.deviceID, userID: user.id, logger), now: now)
            if let transactionEnd = plan.stored.last?.sequence {
                for resend in plan.resends {
                    try await connection.query(
                        "DELETE FROM folio_change WHERE user_id = \(user.id) AND sequence = \(resend.old)", logger: logger)
                }
                for insert in plan.stored {
                    let change = insert.change
                    try await connection.query(
                        """
                        INSERT INTO folio_change(
                            user_id, sequence, timestamp, entity, entity_id, operation, field, value, transaction_end, restored)
                        VALUES (\(user.id), \(insert.sequence), \(change.timestamp.description), \(change.entity.rawValue), \(change.entityID),
                                \(change.operation.rawValue), \(change.field), \(change.value), \(transactionEnd), TRUE)
                        """, logger: logger)
                }
                var total = try await Self.tally(connection, userID: user.id, logger)
                total.add(plan.tally)
                try await Self.saveTally(connection, userID: user.id, total, logger)
                try await connection.query("UPDATE folio_user SET last_sequence = \(transactionEnd) WHERE id = \(user.id)", logger: logger)
                try await Self.noteChanged(connection, items: plan.items, userID: user.id, logger)
                try await Self.noteLastSequences(connection, of: plan.stored, userID: user.id, logger)
            }
            try await connection.query(
                """
                UPDATE folio_device SET last_seen = \(now.timeIntervalSince1970)
                WHERE user_id = \(user.id) AND device_id = \(request.deviceID)
                """, logger: logger)
            if plan.completes {
                try await connection.query(
                    """
                    UPDATE folio_device
                    SET rejoined_through = greatest(rejoined_through, (SELECT compacted_through FROM folio_user WHERE id = \(user.id)))
                    WHERE user_id = \(user.id) AND device_id = \(request.deviceID)
                    """, logger: logger)
            }
            return plan.response
        }
    }

    /// What `RejoinRules.plan` needs, read in the rejoin's transaction: which of the request's
    /// clocks the log holds and which it compacted, and every change it holds of the items the
    /// request names.
    static func rejoinInputs(
        _ connection: PostgresConnection, _ request: RejoinRequest, lastSequence: Int64, userID: Int64, _ logger: Logger
    ) async throws -> RejoinRules.Inputs {
        let clocks = Array(Set(RejoinRules.clocks(of: request)))
        let texts = clocks.map(\.description)
        var stored = Set<HLCTimestamp>()
        var compacted = Set<HLCTimestamp>()
        if !texts.isEmpty {
            for try await text in try await connection.query(
                "SELECT timestamp FROM folio_change WHERE user_id = \(userID) AND timestamp = ANY(\(texts))", logger: logger
            ).decode(String.self) {
                if let clock = HLCTimestamp(text) { stored.insert(clock) }
            }
            for try await text in try await connection.query(
                "SELECT timestamp FROM folio_compacted_change WHERE user_id = \(userID) AND timestamp = ANY(\(texts))", logger: logger
            ).decode(String.self) {
                if let clock = HLCTimestamp(text) { compacted.insert(clock) }
            }
            compacted.formUnion(try await compactedClocks(connection, among: clocks, userID: userID, logger))
        }
        var held: [ItemKey: [ServerChange]] = [:]
        for item in RejoinRules.items(of: request) {
            held[item] = try await changes(connection, of: item, userID: userID, logger)
        }
        return RejoinRules.Inputs(request, stored: stored, compacted: compacted, held: held, lastSequence: lastSequence)
    }
}
