import Foundation
import GRDB

/// The names of the user's devices (`folio login --device-name`), as the sync server gives
/// them: labels for note histories and conflicts, never synced as changes.
extension Store {
    /// Replaces the known names with these (device id → name).
    package func saveDeviceNames(_ names: [String: String]) throws(StoreError) {
        try write { db, _ in
            try db.execute(sql: "DELETE FROM deviceName")
            let insert = try db.cachedStatement(sql: "INSERT INTO deviceName(deviceID, name) VALUES (?, ?)")
            for (id, name) in names { try insert.execute(arguments: [id, name]) }
        }
    }

    /// The known names, by device id.
    package func deviceNames() throws(StoreError) -> [String: String] {
        try read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT deviceID, name FROM deviceName").map { ($0["deviceID"], $0["name"]) },
                uniquingKeysWith: { $1 })
        }
    }
}
