import Foundation
import GRDB
import Models

/// How to open a store.
public struct StoreConfiguration: Sendable {
    /// How long a write waits for another process's write lock before giving up.
    public var lockTimeout: Double
    /// Open without creating or migrating (for commands that only read).
    public var readOnly: Bool

    public init(lockTimeout: Double = 10, readOnly: Bool = false) {
        self.lockTimeout = lockTimeout
        self.readOnly = readOnly
    }
}

/// The client's library: one SQLite file in WAL mode holding articles, notes, their change
/// log and the full-text index.
///
/// Every user intention is one write transaction that changes the data and appends the
/// matching change-log rows together.
public final class Store: Sendable {
    /// The database file, or ":memory:".
    public let path: String
    let writer: any DatabaseWriter
    let lockTimeout: Double

    /// Opens (creating and migrating when needed) the store at `path`.
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws(StoreError) {
        self.path = path
        self.lockTimeout = configuration.lockTimeout
        try Self.checkHeader(path: path)
        var config = Configuration()
        config.busyMode = .timeout(configuration.lockTimeout)
        config.readonly = configuration.readOnly
        config.foreignKeysEnabled = true
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Self.translate(error, path: path, lockTimeout: configuration.lockTimeout)
        }
        try prepareSchema()
    }

    /// A store in memory, for tests.
    public init() throws(StoreError) {
        path = ":memory:"
        lockTimeout = 0
        do {
            writer = try DatabaseQueue()
        } catch {
            throw Self.translate(error, path: ":memory:", lockTimeout: 0)
        }
        try prepareSchema()
    }

    /// Refuses files that are plainly not SQLite before SQLite sees them.
    static func checkHeader(path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw .notFolioDatabase(path: path)
        }
    }

    /// Checks the file is a Folio store and applies pending migrations.
    func prepareSchema() throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let (applicationID, tableCount, completed, superseded) = try writer.read { db in
                (
                    try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0,
                    try migrator.hasCompletedMigrations(db),
                    try migrator.hasBeenSuperseded(db)
                )
            }
            if applicationID != 0 && applicationID != Schema.applicationID { throw StoreError.notFolioDatabase(path: path) }
            if applicationID == 0 && tableCount > 0 { throw StoreError.notFolioDatabase(path: path) }
            if superseded { throw StoreError.newerVersion(path: path) }
            if !completed {
                try migrator.migrate(writer)
                try writer.write { db in
                    if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") == nil {
                        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('deviceID', ?)", arguments: [EntityID.make()])
                    }
                }
            }
            // A quick structural check, so that a damaged file is reported before any work.
            _ = try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM meta") }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.translate(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// Maps SQLite failures to errors a person can act on.
    static func translate(_ error: any Error, path: String, lockTimeout: Double) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let databaseError = error as? DatabaseError else {
            return .database("store \(path): \(error)")
        }
        switch databaseError.resultCode {
        case .SQLITE_NOTADB: return .notFolioDatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path, seconds: lockTimeout)
        case .SQLITE_CANTOPEN: return .cannotOpen(path: path, reason: "the folder is missing or not writable")
        case .SQLITE_READONLY: return .cannotOpen(path: path, reason: "the file is read-only")
        case .SQLITE_FULL: return .cannotOpen(path: path, reason: "the disk is full")
        case .SQLITE_IOERR: return .cannotOpen(path: path, reason: "an I/O error occurred")
        default: return .database("store \(path): \(databaseError.message ?? "\(databaseError.resultCode)")")
        }
    }

    /// Runs `body` in one write transaction with a change recorder; the change-log rows it
    /// records are written in the same transaction.
    @discardableResult
    func write<T>(_ body: (Database, inout ChangeRecorder) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write { db in
                var recorder = try ChangeRecorder(db: db)
                let result = try body(db, &recorder)
                try recorder.finish(db)
                return result
            }
        } catch {
            throw Self.translate(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.translate(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// This device's id, made when the store was created.
    public func deviceID() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") ?? "" }
    }
}
