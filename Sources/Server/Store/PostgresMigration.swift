import Logging
import PostgresNIO

/// One named step of the PostgreSQL schema (`PostgresMigrations`), run once per database in
/// the transaction of `PostgresRepository.prepare`.
struct PostgresMigration: Sendable {
    let name: String
    let run: @Sendable (PostgresConnection, Logger) async throws -> Void
}
