import Foundation
import GRDB
import Models

// Articles and notes are stored with GRDB's Codable record support: one column a property,
// tags as JSON text, dates as ISO-8601 text to the millisecond (see `ISODate`), which sorts
// like the dates and reads back as exactly the same `Date`.

extension Article: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "article" }
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { ISODate.format($0) }
    }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom(decodeStoredDate)
    }
}

extension Note: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "note" }
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { ISODate.format($0) }
    }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom(decodeStoredDate)
    }
}

@Sendable func decodeStoredDate(_ value: DatabaseValue) -> Date? {
    String.fromDatabaseValue(value).flatMap(ISODate.parse)
}

extension PersistableRecord {
    /// Writes every column of the record to the row with the same `id`. (The tables' primary
    /// key is the internal `docid`, which the models do not carry.)
    func updateByID(_ db: Database) throws {
        var columns = try databaseDictionary
        guard let id = columns.removeValue(forKey: "id") else { return }
        let names = columns.keys.sorted()
        let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
        try db.execute(
            sql: "UPDATE \(Self.databaseTableName) SET \(assignments) WHERE id = ?",
            arguments: StatementArguments(names.compactMap { columns[$0] } + [id]))
    }
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
