import GRDB
import Models

// Articles and notes are stored with GRDB's Codable record support: one column a property,
// tags as JSON text, dates as sortable UTC text.

extension Article: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "article" }
}

extension Note: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "note" }
}

extension Change: FetchableRecord {
    public init(row: Row) throws {
        guard let entity = Change.Entity(rawValue: row["entity"]),
              let operation = Change.Operation(rawValue: row["operation"]),
              let timestamp = HLCTimestamp(row["timestamp"])
        else {
            throw StoreError.database("a change-log row cannot be read (sequence \(row["sequence"] as Int64? ?? -1))")
        }
        self.init(
            sequence: row["sequence"], entity: entity, entityID: row["entityID"], operation: operation,
            field: row["field"], value: row["value"], timestamp: timestamp)
    }
}
