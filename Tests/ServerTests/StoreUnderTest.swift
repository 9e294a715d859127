import FolioTestSupport
import Foundation
import Logging
import Models
import Testing

@testable import Server

/// A fresh store of one backend with one user, for the repository tests: SQLite in a
/// temporary folder, or a new database on the test PostgreSQL cluster.
struct StoreUnderTest {
    let repository: any SyncRepository
    let user: ServerUser
    /// The options that name this store to `folio-server` commands.
    let storeArguments: [String]

    static let deviceA = ServerProcess.deviceA
    static let deviceB = ServerProcess.deviceB
    static let deviceC = "01900000-0000-7000-8000-00000000000c"

    static var logger: Logger {
        var logger = Logger(label: "store-under-test")
        logger.logLevel = .error
        return logger
    }

    /// Runs `body` with a fresh store of `backend` (its services running) and a user `alice`.
    static func with(_ backend: Backend, _ body: (StoreUnderTest) async throws -> Void) async throws {
        switch backend {
        case .sqlite:
            let folder = try TemporaryFolder()
            let repository = try SQLiteRepository(path: folder.path + "/server.sqlite")
            try await body(try await make(repository, arguments: ["--data-dir", folder.path]))
        case .postgres:
            let url = try ServerProcess.makeDatabase()
            let repository = try PostgresRepository(url: url, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in repository.services { group.addTask { try await service.run() } }
                defer { group.cancelAll() }
                try await repository.prepare()
                try await body(try await make(repository, arguments: ["--database", url]))
            }
        }
    }

    private static func make(_ repository: any SyncRepository, arguments: [String]) async throws -> StoreUnderTest {
        _ = try await repository.addUser(name: "alice")
        let user = try #require(try await repository.users().first { $0.name == "alice" })
        return StoreUnderTest(repository: repository, user: user, storeArguments: arguments)
    }

    /// Pushes `changes` from `device`, numbered from `firstSequence`.
    @discardableResult
    func push(_ device: String, from firstSequence: Int64, _ changes: [Change]) async throws -> PushResponse {
        let mutations = changes.enumerated().map { Mutation(deviceSequence: firstSequence + Int64($0.offset), change: $0.element) }
        return try await repository.push(PushRequest(deviceID: device, mutations: mutations), for: user)
    }

    /// Pulls every page after `cursor`, as `device` (naming it and its log's end when given).
    func pullAll(after cursor: String? = nil, device: String? = nil, deviceSequence: Int64? = nil) async throws
        -> (changes: [ServerChange], cursor: String)
    {
        var cursor = cursor
        var changes: [ServerChange] = []
        while true {
            let page = try await repository.pull(
                after: cursor, limit: 2, excludingDevice: device, deviceSequence: deviceSequence, for: user)
            changes += page.changes
            cursor = page.cursor
            if !page.hasMore { return (changes, page.cursor) }
        }
    }

    /// Compacts every item waiting, at `now`.
    @discardableResult
    func compact(now: Date = Date()) async throws -> CompactionReport {
        try await repository.compact(for: user, itemLimit: .max, now: now, horizon: ServerCompaction.defaultHorizon)
    }
}
