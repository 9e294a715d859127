import ArgumentParser
import BuildInfo
import Foundation
import Hummingbird
import Logging

/// `folio-server`: the self-hosted sync server of Folio.
@main
struct FolioServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio sync server.",
        discussion: """
            Examples:
              folio-server user add alice          # prints alice's token
              folio-server serve --host 127.0.0.1 --port 8080
            """,
        version: "folio-server \(BuildInfo.description)",
        subcommands: [Serve.self, UserCommand.self])
}

/// Where the server keeps its data.
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder of the embedded SQLite store (default: $XDG_DATA_HOME/folio-server).")
    var dataDir: String?

    @Option(help: "A PostgreSQL URL (postgres://user:password@host:port/database) instead of the embedded store.")
    var database: String?

    /// Opens the store, runs `body` with it, and closes it.
    func withRepository<T: Sendable>(logger: Logger, _ body: @Sendable (any SyncRepository) async throws -> T) async throws -> T {
        if let database {
            let repository = try PostgresRepository(url: database, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await repository.client.run() }
                defer { group.cancelAll() }
                // The client retries connections forever; a server that cannot reach its
                // database after a while should say so and stop.
                let prepared = try await withThrowingTaskGroup(of: Bool.self) { race in
                    race.addTask {
                        try await repository.prepare()
                        return true
                    }
                    race.addTask {
                        try await Task.sleep(for: .seconds(15))
                        return false
                    }
                    defer { race.cancelAll() }
                    do {
                        return try await race.next() ?? false
                    } catch {
                        throw ServerError.cannotOpen("\(database): \(String(reflecting: error))")
                    }
                }
                guard prepared else { throw ServerError.cannotOpen("\(database): no answer from PostgreSQL within 15 s") }
                return try await body(repository)
            }
        }
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
        return try await body(try SQLiteRepository(path: folder + "/server.sqlite"))
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
        let host = self.host
        let port = self.port
        let idleTimeout = self.idleTimeout
        let requestMemory = self.requestMemory
        let budget = InFlightBudget(limit: maxConnections ?? Self.defaultConnectionLimit())
        let announcements = ShutdownAnnouncement.install(logger: logger)
        defer { for source in announcements { source.cancel() } }
        try await withReport {
            try await store.withRepository(logger: logger) { repository in
                let router = Router()
                // One structured line per request (method, path, no headers: tokens stay out of logs).
                router.add(middleware: LogRequestsMiddleware(.info))
                SyncRoutes(repository: repository, logger: logger, bodyBudget: BodyBudget(bytes: requestMemory << 20)).add(to: router)
                let app = Application(
                    router: router,
                    server: .http1(
                        configuration: .init(
                            additionalChannelHandlers: [ConnectionLimitHandler(budget: budget)],
                            idleTimeout: .seconds(Int64(idleTimeout)))),
                    configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "folio-server"),
                    onServerRunning: { channel in
                        let line = "listening on http://\(host):\(channel.localAddress?.port ?? 0)\n"
                        FileHandle.standardOutput.write(Data(line.utf8))
                    },
                    logger: logger)
                try await app.runService()
            }
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
