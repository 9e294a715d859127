import FolioTestSupport
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Models
import Testing

@testable import Server

/// The push route asks `CompactionService` for a step and answers; the service compacts.
@Suite struct CompactionServiceTests {
    @Test func pushesAreFollowedByCompactionStepsOffTheirPath() async throws {
        let folder = try TemporaryFolder()
        let repository = try SQLiteRepository(path: folder.path + "/server.sqlite")
        let token = try await repository.addUser(name: "alice")
        let user = try #require(try await repository.users().first)
        var logger = Logger(label: "compaction-service-tests")
        logger.logLevel = .error
        let service = CompactionService(repository: repository, horizon: ServerCompaction.defaultHorizon, logger: logger)
        let router = ServerApplication.buildRouter(repository: repository, logger: logger, compaction: service)
        try await Application(router: router, logger: logger).test(.router) { client in
            for step in 1...3 {
                let change = Change(
                    entity: .article, entityID: "01900000-0000-7000-8000-000000000001", operation: .update, field: "title",
                    value: "\"T\(step)\"",
                    timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(step), counter: 0, deviceID: RouteTests.device))
                let body = ByteBuffer(
                    data: try WireJSON.encode(
                        PushRequest(deviceID: RouteTests.device, mutations: [Mutation(deviceSequence: Int64(step), change: change)])))
                try await client.execute(uri: "/v1/push", method: .post, headers: RouteTests.bearer(token), body: body) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        service.finish()
        try await service.run()
        let page = try await repository.pull(after: nil, limit: 10, excludingDevice: nil, deviceSequence: nil, for: user)
        #expect(page.changes.map(\.sequence) == [3])
        // The service refreshed the digest share the pushes made stale.
        #expect(try await repository.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM staleDigest") } == 0)
        #expect(try await repository.compact(for: user, itemLimit: 10, now: Date(), horizon: ServerCompaction.defaultHorizon).itemsPending == 1)
    }
}
