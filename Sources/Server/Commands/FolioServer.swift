import ArgumentParser
import BuildInfo
import Foundation
import Hummingbird
import Logging

/// `folio-server`: the self-hosted sync server of Folio (the executable only runs it).
package struct FolioServer: AsyncParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio sync server.",
        discussion: """
            Examples:
              folio-server user add alice          # prints alice's token
              folio-server serve --host 127.0.0.1 --port 8080
            """,
        version: "folio-server \(BuildInfo.description)",
        subcommands: [Serve.self, UserCommand.self])

    /// Parses the arguments and runs the command (`AsyncParsableCommand`'s own `main`, which a
    /// call from another module's top-level code would not pick over the synchronous one).
    package static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

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

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the sync protocol over HTTP until SIGTERM or SIGINT.",
        discussion: "Example:\n  folio-server serve --host 127.0.0.1 --port 8080 --data-dir /srv/folio")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the address is printed).") var port = 8080
    @Option(help: "Seconds a connection may stay silent (between requests, or before a request's head is complete) before it is closed.")
    var idleTimeout = 30
    @Option(help: "The most connections held open at once (default: what the open-files limit leaves, at most 4096).")
    var maxConnections: Int?
    @Option(help: "Megabytes that push bodies in flight may hold at once; more pushes wait (503, retried by clients).")
    var requestMemory = 256
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if requestMemory < 1 { throw ValidationError("--request-memory must be at least 1 (MB)") }
        if idleTimeout < 1 { throw ValidationError("--idle-timeout must be at least 1 second") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
    }

    /// Connections that leave descriptors for the store, logs and the database: the soft
    /// open-files limit less 64, at most 4096.
    static func defaultConnectionLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_000 }
        let soft = Int(min(limit.rlim_cur, 1 << 20))  // RLIM_INFINITY is the largest value
        return max(16, min(4_096, soft - 64))
    }

    func run() async throws {
        var configuredLogger = Logger(label: "folio-server")
        configuredLogger.logLevel =
            ProcessInfo.processInfo.environment["FOLIO_SERVER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let logger = configuredLogger
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.idleTimeout = idleTimeout
        configuration.maxConnections = maxConnections ?? Self.defaultConnectionLimit()
        configuration.requestMemory = requestMemory << 20
        let announcements = ShutdownAnnouncement.install(logger: logger)
        defer { for source in announcements { source.cancel() } }
        try await withReport {
            let repository = try store.openRepository(logger: logger)
            let app = ServerApplication.buildApplication(configuration: configuration, repository: repository, logger: logger)
            try await app.runService()
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list and remove users, and give them new tokens.",
        subcommands: [AddUser.self, ListUsers.self, RotateToken.self, RemoveUser.self])

    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user and print their token.", discussion: "Example:\n  folio-server user add alice")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            print(try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.addUser(name: name) } })
        }
    }

    struct ListUsers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            for user in try await withReport({ try await store.withRepository(logger: quietLogger) { try await $0.users() } }) {
                print(user.name)
            }
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Give a user a new token (the old one stops working) and print it.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            print(try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.rotateToken(name: name) } })
        }
    }

    struct RemoveUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a user and all their data.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let name = self.name
            try await withReport { try await store.withRepository(logger: quietLogger) { try await $0.removeUser(name: name) } }
        }
    }
}

/// A logger for the user commands: only errors.
let quietLogger: Logger = {
    var logger = Logger(label: "folio-server")
    logger.logLevel = .error
    return logger
}()

/// Runs `body`; a `ServerError` becomes one line on stderr and exit status 1 (65 for bad
/// names, 78 for configuration).
func withReport<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ServerError {
        FileHandle.standardError.write(Data("folio-server: \(error)\n".utf8))
        switch error {
        case .invalidName, .userExists, .noSuchUser: throw ExitCode(65)
        case .unsupportedDatabase, .cannotOpen: throw ExitCode(78)
        case .internalFailure: throw ExitCode(1)
        }
    }
}

/// Logs the start of a graceful shutdown. Hummingbird's service group handles SIGTERM and
/// SIGINT (it stops accepting connections and lets requests in flight finish); these extra
/// dispatch sources only say so in the log, which operators (and the shutdown test) watch.
enum ShutdownAnnouncement {
    static func install(logger: Logger) -> [any DispatchSourceSignal] {
        [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)  // the dispatch source, not the default action, handles it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("shutting down: no new connections, requests in flight finish first", metadata: ["signal": "\(name)"])
            }
            source.resume()
            return source
        }
    }
}
