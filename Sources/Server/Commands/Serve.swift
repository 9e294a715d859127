import ArgumentParser
import Foundation
import Hummingbird
import Logging

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
    @OptionGroup var compaction: CompactionOptions
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
        configuration.horizon = compaction.seconds
        let announcements = ShutdownAnnouncement.install(logger: logger)
        defer { for source in announcements { source.cancel() } }
        try await withReport {
            let repository = try store.openRepository(logger: logger)
            let app = ServerApplication.buildApplication(configuration: configuration, repository: repository, logger: logger)
            try await app.runService()
        }
    }
}
