import ArgumentParser
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
        subcommands: [Serve.self, UserCommand.self])
}

/// Where the server keeps its data.
struct StoreOptions: ParsableArguments {
    @Option(help: "Folder of the embedded SQLite store (default: $XDG_DATA_HOME/folio-server).")
    var dataDir: String?

    @Option(help: "A PostgreSQL URL instead of the embedded store (not available yet).")
    var database: String?

    func open() throws -> any SyncRepository {
        if let database { throw ServerError.unsupportedDatabase(database) }
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
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the sync protocol over HTTP until SIGTERM or SIGINT.",
        discussion: "Example:\n  folio-server serve --host 127.0.0.1 --port 8080 --data-dir /srv/folio")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the address is printed).") var port = 8080
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let repository = try withReport { try store.open() }
        var logger = Logger(label: "folio-server")
        logger.logLevel = ProcessInfo.processInfo.environment["FOLIO_SERVER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let router = Router()
        SyncRoutes(repository: repository, logger: logger).add(to: router)
        let host = self.host
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "folio-server"),
            onServerRunning: { channel in
                let line = "listening on http://\(host):\(channel.localAddress?.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        try await app.runService()
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, list and remove users, and give them new tokens.",
        subcommands: [AddUser.self, ListUsers.self, RotateToken.self, RemoveUser.self])

    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a user and print their token.", discussion: "Example:\n  folio-server user add alice")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() throws { print(try withReport { try store.open().addUser(name: name) }) }
    }

    struct ListUsers: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
        @OptionGroup var store: StoreOptions
        func run() throws { for user in try withReport({ try store.open().users() }) { print(user.name) } }
    }

    struct RotateToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Give a user a new token (the old one stops working) and print it.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() throws { print(try withReport { try store.open().rotateToken(name: name) }) }
    }

    struct RemoveUser: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a user and all their data.")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var store: StoreOptions
        func run() throws { try withReport { try store.open().removeUser(name: name) } }
    }
}

/// Runs `body`; a `ServerError` becomes one line on stderr and exit status 1 (65 for bad
/// names, 78 for configuration).
func withReport<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ServerError {
        FileHandle.standardError.write(Data("folio-server: \(error)\n".utf8))
        switch error {
        case .invalidName, .userExists, .noSuchUser: throw ExitCode(65)
        case .unsupportedDatabase, .cannotOpen: throw ExitCode(78)
        case .internalFailure: throw ExitCode(1)
        }
    }
}
