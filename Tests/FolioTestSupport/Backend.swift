import Foundation

/// Where a test server keeps its data.
package enum Backend: String, CustomStringConvertible, Sendable {
    case sqlite, postgres

    package var description: String { rawValue }

    /// SQLite always; PostgreSQL when the test script started one (`scripts/with-postgres.sh`,
    /// which `make test` uses).
    package static var available: [Backend] {
        ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}
