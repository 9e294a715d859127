import Foundation
import GRDB
import Models

#if canImport(Glibc)
    import Glibc
#endif

/// How to open a store.
package struct StoreConfiguration: Sendable {
    /// How long a write waits for another process's write lock before giving up.
    package var lockTimeout: Double
    /// Open without creating or migrating (for commands that only read).
    package var readOnly: Bool
    /// The wall clock the store stamps its changes with (through its hybrid logical clock,
    /// which never goes backwards even when this does). Tests and simulations pass their own
    /// to run many devices on a controlled time line.
    package var now: @Sendable () -> Date
    /// The device id a store created by this open takes; nil makes a new one. An existing
    /// store keeps its id. (Simulations use it so that a seed replays identically: the clock
    /// breaks ties between devices by id.)
    package var deviceID: String?
    /// How many database pages a connection keeps in memory; nil leaves SQLite's default (2 MB).
    /// A process that reads a few hundred pages once and ends (`folio search`) is faster with
    /// a few: every page SQLite caches is a fresh heap page, and so a page fault, while reading
    /// a page again costs a `pread` from the system's cache (docs/benchmarks.md).
    package var cachedPages: Int?

    package init(
        lockTimeout: Double = 10, readOnly: Bool = false, now: @escaping @Sendable () -> Date = { Date() }, deviceID: String? = nil,
        cachedPages: Int? = nil
    ) {
        self.lockTimeout = lockTimeout
        self.readOnly = readOnly
        self.now = now
        self.deviceID = deviceID
        self.cachedPages = cachedPages
    }
}

/// The client's library: one SQLite file in WAL mode holding articles, notes, their change
/// log and the full-text index.
///
/// Every user intention is one write transaction that changes the data and appends the
/// matching change-log rows together.
package final class Store: Sendable {
    /// The database file, or ":memory:".
    package let path: String
    let writer: any DatabaseWriter
    let lockTimeout: Double
    /// The wall clock of `StoreConfiguration.now`.
    let now: @Sendable () -> Date

    /// Opens (creating and migrating when needed) the store at `path`.
    ///
    /// With `configuration.readOnly`, a store that exists and is up to date is opened through
    /// one read-only connection: nothing is written, not even a WAL checkpoint on close, which
    /// keeps read commands fast. Otherwise (or when the store needs creating or migrating) it
    /// is opened for writing.
    package init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws(StoreError) {
        self.path = path
        self.lockTimeout = configuration.lockTimeout
        self.now = configuration.now
        try Self.checkHeader(path: path)
        var config = Configuration()
        config.busyMode = .timeout(configuration.lockTimeout)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in try Self.registerRanking(db) }
        if let pages = configuration.cachedPages {
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = \(pages)") }
        }
        if configuration.readOnly, access(path, F_OK) == 0,
            let reader = try Self.openReadOnlyIfCurrent(path: path, configuration: config, lockTimeout: configuration.lockTimeout)
        {
            writer = reader
            return
        }
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch {
            throw Self.translate(error, path: path, lockTimeout: configuration.lockTimeout)
        }
        try prepareSchema(newDeviceID: configuration.deviceID)
    }

    /// A read-only connection to the store, or nil when its schema needs migrating first.
    private static func openReadOnlyIfCurrent(
        path: String, configuration: Configuration, lockTimeout: Double
    ) throws(StoreError) -> DatabaseQueue? {
        var config = configuration
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let state = try queue.read(SchemaState.init)
            try state.check(path: path)
            return state.completed ? queue : nil
        } catch let error as StoreError {
            throw error
        } catch {
            throw translate(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// A store in memory, for tests; `configuration` gives its clock and device id.
    package init(inMemory configuration: StoreConfiguration = StoreConfiguration()) throws(StoreError) {
        path = ":memory:"
        lockTimeout = 0
        now = configuration.now
        do {
            var config = Configuration()
            config.prepareDatabase { db in try Self.registerRanking(db) }
            writer = try DatabaseQueue(configuration: config)
        } catch {
            throw Self.translate(error, path: ":memory:", lockTimeout: 0)
        }
        try prepareSchema(newDeviceID: configuration.deviceID)
    }

    /// A store in memory, for tests.
    package convenience init() throws(StoreError) {
        try self.init(inMemory: StoreConfiguration())
    }

    /// Refuses files that are plainly not SQLite before SQLite sees them.
    /// (POSIX calls: Foundation's `FileHandle` and `Data` cost a whole `folio search` process a
    /// search of the runtime's conformance table.)
    static func checkHeader(path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { Glibc.close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 && (count != header.count || header != Array("SQLite format 3\0".utf8)) {
            throw .notFolioDatabase(path: path)
        }
    }

    /// What a store's schema is: Folio's or not, up to date, or from a newer Folio.
    struct SchemaState {
        var applicationID: Int32
        var tableCount: Int
        var completed: Bool
        var superseded: Bool

        /// Reads the applied migrations itself (GRDB's `DatabaseMigrator` answers the same, but
        /// registering every migration and its generic fetches cost a read-only command such as
        /// `folio search` a twenty-fifth of its process: docs/benchmarks.md, "Search").
        init(_ db: Database) throws {
            applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tables = try Row.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'").map { $0[0] as String }
            tableCount = tables.count
            let applied =
                tables.contains("grdb_migrations")
                ? Set(try Row.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").map { $0[0] as String }) : []
            completed = Schema.migrationIdentifiers.allSatisfy(applied.contains)
            superseded = !applied.isSubset(of: Schema.migrationIdentifiers)
        }

        /// Throws when the file is not a Folio store, or is from a newer Folio.
        func check(path: String) throws(StoreError) {
            if applicationID != 0 && applicationID != Schema.applicationID { throw .notFolioDatabase(path: path) }
            if applicationID == 0 && tableCount > 0 { throw .notFolioDatabase(path: path) }
            if superseded { throw .newerVersion(path: path) }
        }
    }

    /// Checks the file is a Folio store and applies pending migrations; a new store takes
    /// `newDeviceID` (or a new id) as its device id.
    func prepareSchema(newDeviceID: String? = nil) throws(StoreError) {
        do {
            let state = try writer.read(SchemaState.init)
            try state.check(path: path)
            if !state.completed {
                try Schema.migrator.migrate(writer)
                try writer.write { db in
                    if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") == nil {
                        try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('deviceID', ?)", arguments: [newDeviceID ?? EntityID.make()])
                    }
                }
            }
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
                var recorder = try ChangeRecorder(db: db, now: now)
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
    package func deviceID() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") ?? "" }
    }
}
