import FolioTestSupport
import Foundation
import Logging
import PostgresNIO

@testable import Server

/// A new database on the test PostgreSQL cluster, as an older version of `folio-server` left it.
enum OlderPostgresDatabase {
    /// Runs the migrations before the one named `before`, then `fill` in the same transaction,
    /// then brings the database up to date (`prepare`) and runs `body` with it, its services
    /// running.
    static func with(
        before: String, fill: (PostgresConnection, Logger) async throws -> Void, _ body: (PostgresRepository) async throws -> Void
    ) async throws {
        let repository = try PostgresRepository(url: try ServerProcess.makeDatabase(), logger: StoreUnderTest.logger)
        let logger = StoreUnderTest.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in repository.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await repository.client.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "CREATE TABLE folio_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
                for migration in PostgresMigrations.all.prefix(while: { $0.name != before }) {
                    try await migration.run(connection, logger)
                    try await connection.query("INSERT INTO folio_migration(name) VALUES (\(migration.name))", logger: logger)
                }
                try await fill(connection, logger)
            }
            try await repository.prepare()
            try await body(repository)
        }
    }
}
