import Logging
import Models
import PostgresNIO

/// Pulls by item in PostgreSQL (`PullOrder.item`): each item's last sequence, kept by pushes in
/// `folio_item_sequence`, orders the pages.
extension PostgresRepository {
    /// Migration v10: each item's last sequence, with an index in that order.
    static func migrateToItemOrder(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS folio_item_sequence (
                user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                last_sequence BIGINT NOT NULL,
                PRIMARY KEY (user_id, entity, entity_id)
            )
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO folio_item_sequence(user_id, entity, entity_id, last_sequence)
            SELECT user_id, entity, entity_id, max(sequence) FROM folio_change GROUP BY user_id, entity, entity_id
            ON CONFLICT (user_id, entity, entity_id) DO NOTHING
            """, logger: logger)
        try await connection.query(
            "CREATE UNIQUE INDEX IF NOT EXISTS folio_item_sequence_order ON folio_item_sequence(user_id, last_sequence)", logger: logger)
    }

    /// Notes the last sequence of each item a push stored changes of (`inserts`, in sequence
    /// order), in one statement. A sequence is never given twice, so it is the item's alone.
    static func noteLastSequences(_ connection: PostgresConnection, of inserts: [ServerChange], userID: Int64, _ logger: Logger) async throws {
        var last: [ItemKey: Int64] = [:]
        for insert in inserts { last[ItemKey(insert.change)] = insert.sequence }
        guard !last.isEmpty else { return }
        let items = last.sorted { $0.value < $1.value }
        let entities = items.map(\.key.entity.rawValue)
        let ids = items.map(\.key.id)
        let sequences = items.map(\.value)
        try await connection.query(
            """
            INSERT INTO folio_item_sequence(user_id, entity, entity_id, last_sequence)
            SELECT \(userID), entity, entity_id, last_sequence FROM unnest(\(entities)::TEXT[], \(ids)::TEXT[], \(sequences)::BIGINT[])
                AS item(entity, entity_id, last_sequence)
            ON CONFLICT (user_id, entity, entity_id) DO UPDATE SET last_sequence = excluded.last_sequence
            """, logger: logger)
    }

    /// A page by item, read in the pull's snapshot (with the plan's `newest`): up to `limit`
    /// items whose last change is after the plan's start, the sizes of the changes it would
    /// send of each, the cut, and then every change of the items up to it, item after item.
    static func pullByItem(
        _ connection: PostgresConnection, _ plan: PullPlan, limit: Int, excludingDevice: String?, settled: Int64, userID: Int64,
        _ logger: Logger
    ) async throws -> PullResponse {
        // A timestamp ends with "-" and the device id of the change (`HLCTimestamp`).
        let ownSuffix = excludingDevice.map { "-" + $0 } ?? ""
        var items: [PageBoundary.Item] = []
        for try await (last, bytes) in try await connection.query(
            """
            SELECT item.last_sequence, coalesce(octet_length(change.value), 0)::BIGINT
            FROM (SELECT entity, entity_id, last_sequence FROM folio_item_sequence
                  WHERE user_id = \(userID) AND last_sequence > \(plan.start) AND last_sequence <= \(plan.newest)
                  ORDER BY last_sequence LIMIT \(Int64(max(1, limit)))) AS item
            LEFT JOIN folio_change AS change
                ON change.user_id = \(userID) AND change.entity = item.entity AND change.entity_id = item.entity_id
                AND (\(ownSuffix) = '' OR change.restored OR right(change.timestamp, length(\(ownSuffix))) <> \(ownSuffix))
            ORDER BY item.last_sequence
            """, logger: logger
        ).decode((Int64, Int64).self) {
            if items.last?.last != last { items.append(PageBoundary.Item(last: last, bytes: 0)) }
            items[items.count - 1].bytes += Int(bytes)
        }
        let end = plan.end(ofItems: items, limit: max(1, limit))
        let rows = try await connection.query(
            """
            SELECT change.sequence, change.timestamp, change.entity, change.entity_id, change.operation, change.field, change.value
            FROM folio_item_sequence AS item
            JOIN folio_change AS change
                ON change.user_id = item.user_id AND change.entity = item.entity AND change.entity_id = item.entity_id
            WHERE item.user_id = \(userID) AND item.last_sequence > \(plan.start) AND item.last_sequence <= \(end)
              AND (\(ownSuffix) = '' OR change.restored OR right(change.timestamp, length(\(ownSuffix))) <> \(ownSuffix))
            ORDER BY item.last_sequence, change.sequence
            """, logger: logger)
        return plan.response(with: try await serverChanges(rows), end: end, settled: settled)
    }
}
