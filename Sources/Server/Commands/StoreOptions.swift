import ArgumentParser
import Foundation
import Logging

/// Where the server keeps its data.
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder of the embedded SQLite store (default: $XDG_DATA_HOME/folio-server).")
    var dataDir: String?

    @Option(help: "A PostgreSQL URL (postgres://user:password@host:port/database) instead of the embedded store.")
    var database: String?

    /// The store these options name, not yet prepared (its services not running).
    func openRepository(logger: Logger) throws -> any SyncRepository {
        if let database { return try PostgresRepository(url: database, logger: logger) }
        let environment = ProcessInfo.processInfo.environment
        let folder =
            dataDir
            ?? (environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
                ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share") + "/folio-server"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServerError.cannotOpen("cannot create \(folder): \(error.localizedDescription)")
        }
        return try SQLiteRepository(path: folder + "/server.sqlite")
    }

    /// Opens the store, runs its services and brings its schema up to date, runs `body` with
    /// it, and stops the services (for the user commands; `serve` runs them in its
    /// application). A PostgreSQL server that cannot be reached fails the preparation once
    /// the connection pool gives up (its circuit breaker).
    func withRepository<T: Sendable>(logger: Logger, _ body: @Sendable (any SyncRepository) async throws -> T) async throws -> T {
        let repository = try openRepository(logger: logger)
        let services = repository.services
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            do {
                try await repository.prepare()
            } catch {
                throw ServerError.cannotOpen("\(database ?? "the data folder"): \(String(reflecting: error))")
            }
            return try await body(repository)
        }
    }
}
