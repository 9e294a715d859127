import FolioTestSupport
import Foundation
import Gzip
import Hummingbird
import HummingbirdTesting
import Logging
import Models
import Testing

@testable import Server

/// The routes in process (HummingbirdTesting), over a real SQLite store in a temporary folder:
/// authentication, status codes, gzip both ways, limits.
@Suite struct RouteTests {
    static let device = "01900000-0000-7000-8000-0000000000a1"

    /// An application over a fresh store with one user; `body` gets the client and the token.
    func withServer(bodyBudget: BodyBudget = BodyBudget(bytes: 256 << 20), _ body: @Sendable (any TestClientProtocol, String) async throws -> Void)
        async throws
    {
        let folder = try TemporaryFolder()
        let repository = try SQLiteRepository(path: folder.path + "/server.sqlite")
        let token = try await repository.addUser(name: "alice")
        var logger = Logger(label: "route-tests")
        logger.logLevel = .error
        let router = ServerApplication.buildRouter(repository: repository, logger: logger, bodyBudget: bodyBudget)
        try await Application(router: router, logger: logger).test(.router) { client in try await body(client, token) }
    }

    static func change(_ index: Int, value: String? = nil) -> Change {
        Change(
            entity: .article, entityID: "01900000-0000-7000-8000-00000000\(String(format: "%04d", index))", operation: .update,
            field: "title", value: value ?? "\"Title \(index)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(index), counter: 0, deviceID: device))
    }

    static func pushBody(_ count: Int, from first: Int = 1, value: String? = nil) throws -> ByteBuffer {
        let mutations = (first..<first + count).map { Mutation(deviceSequence: Int64($0), change: change($0, value: value)) }
        return ByteBuffer(data: try WireJSON.encode(PushRequest(deviceID: device, mutations: mutations)))
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func healthNeedsNoToken() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("ok"))
            }
        }
    }

    @Test func everyProtocolRouteNeedsTheTokenExactlyAsIssued() async throws {
        try await withServer { client, token in
            for (uri, method) in [("/v1/pull", HTTPRequest.Method.get), ("/v1/digest", .get), ("/v1/devices", .get), ("/v1/push", .post)] {
                try await client.execute(uri: uri, method: method) { #expect($0.status == .unauthorized, "\(uri) without a token") }
                try await client.execute(uri: uri, method: method, headers: Self.bearer(" " + token)) {
                    #expect($0.status == .unauthorized, "\(uri) with a space before the token")
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Basic \(token)"]) {
                    #expect($0.status == .unauthorized, "\(uri) with another scheme")
                }
            }
            try await client.execute(uri: "/v1/digest", method: .get, headers: Self.bearer(token)) { #expect($0.status == .ok) }
        }
    }

    @Test func aPushIsAppliedOnceAndPulledBackInPages() async throws {
        try await withServer { client, token in
            let body = try Self.pushBody(3)
            let first = try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: body) { response in
                #expect(response.status == .ok)
                return try WireJSON.decode(PushResponse.self, from: Data(buffer: response.body))
            }
            #expect(first.results.map(\.status) == [.applied, .applied, .applied])
            let again = try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: body) { response in
                try WireJSON.decode(PushResponse.self, from: Data(buffer: response.body))
            }
            #expect(again.results.map(\.status) == [.duplicate, .duplicate, .duplicate])
            let page = try await client.execute(uri: "/v1/pull?limit=2", method: .get, headers: Self.bearer(token)) { response in
                try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
            }
            #expect(page.changes.map(\.sequence) == [1, 2, 3], "a page ends with its push")
            #expect(!page.hasMore)
            // The pushing device does not get its own changes back; its cursor still moves.
            let own = try await client.execute(uri: "/v1/pull?device=\(Self.device)", method: .get, headers: Self.bearer(token)) { response in
                try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
            }
            #expect(own.changes.isEmpty)
            #expect(SyncCursor(token: own.cursor)?.sequence == 3)
        }
    }

    /// `order=item` pages by item: two pushes that interleave three items come back with each
    /// item whole, in the order of its last change, and the last page's cursor is the log's own.
    @Test func aPullByItemGivesEachItemWhole() async throws {
        try await withServer { client, token in
            // Sequences 1 to 4: items 1, 2, 1, 3 (item 1's last change is 3, item 2's is 2).
            let changes = [Self.change(1), Self.change(2), Self.change(1, value: "\"Again\""), Self.change(3)].enumerated().map {
                var change = $0.element
                change.timestamp = HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64($0.offset), counter: 0, deviceID: Self.device)
                return Mutation(deviceSequence: Int64($0.offset + 1), change: change)
            }
            let body = ByteBuffer(data: try WireJSON.encode(PushRequest(deviceID: Self.device, mutations: changes)))
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: body) { #expect($0.status == .ok) }
            var cursor: String?
            var pages: [[Int64]] = []
            repeat {
                let query = cursor.map { "cursor=\($0)" } ?? "order=item"
                let page = try await client.execute(uri: "/v1/pull?limit=1&\(query)", method: .get, headers: Self.bearer(token)) { response in
                    #expect(response.status == .ok)
                    return try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
                }
                pages.append(page.changes.map(\.sequence))
                cursor = page.hasMore ? page.cursor : nil
                if !page.hasMore {
                    let end = try #require(SyncCursor(token: page.cursor))
                    #expect(!end.byItem && end.sequence == 4, "the log's own cursor at its end")
                }
            } while cursor != nil && pages.count < 10
            #expect(pages == [[2], [1, 3], [4]])
        }
    }

    @Test func gzipBothWays() async throws {
        try await withServer { client, token in
            // A compressed push of large values is read.
            let large = "\"" + String(repeating: "words ", count: 2_000) + "\""
            let plain = try Self.pushBody(4, value: large)
            let compressed = try Gzip.compress(Data(buffer: plain))
            var headers = Self.bearer(token)
            headers[.contentEncoding] = "gzip"
            try await client.execute(uri: "/v1/push", method: .post, headers: headers, body: ByteBuffer(data: compressed)) { response in
                #expect(response.status == .ok)
                let answer = try WireJSON.decode(PushResponse.self, from: Data(buffer: response.body))
                #expect(answer.results.map(\.status) == Array(repeating: .applied, count: 4))
            }
            // A large answer is compressed for a client that accepts gzip, and only then.
            var accepting = Self.bearer(token)
            accepting[.acceptEncoding] = "gzip"
            try await client.execute(uri: "/v1/pull", method: .get, headers: accepting) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                let answer = try WireJSON.decode(PullResponse.self, from: try Gzip.decompress(Data(buffer: response.body), limit: 1 << 24))
                #expect(answer.changes.count == 4)
            }
            try await client.execute(uri: "/v1/pull", method: .get, headers: Self.bearer(token)) { response in
                #expect(response.headers[.contentEncoding] == nil)
                let answer = try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
                #expect(answer.changes.count == 4)
            }
        }
    }

    @Test func badBodiesAreNamed() async throws {
        try await withServer { client, token in
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: ByteBuffer(string: "{\"nope\": 1}")) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("not a push request"))
            }
            var brotli = Self.bearer(token)
            brotli[.contentEncoding] = "br"
            try await client.execute(uri: "/v1/push", method: .post, headers: brotli, body: try Self.pushBody(1)) {
                #expect($0.status == .unsupportedMediaType)
            }
            var gzip = Self.bearer(token)
            gzip[.contentEncoding] = "gzip"
            try await client.execute(uri: "/v1/push", method: .post, headers: gzip, body: try Self.pushBody(1)) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("not valid gzip"))
            }
            let badDevice = ByteBuffer(data: try WireJSON.encode(PushRequest(deviceID: "phone", mutations: [])))
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: badDevice) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func aGzipBombIsTooLarge() async throws {
        try await withServer { client, token in
            let bomb = try Gzip.compress(Data(count: ProtocolBodies.uploadLimit + 1))
            var headers = Self.bearer(token)
            headers[.contentEncoding] = "gzip"
            try await client.execute(uri: "/v1/push", method: .post, headers: headers, body: ByteBuffer(data: bomb)) {
                #expect($0.status == .contentTooLarge)
            }
        }
    }

    @Test func limitsAndMethods() async throws {
        try await withServer { client, token in
            for query in ["limit=abc", "limit=1e3", "limit=", "limit=0", "limit=5001", "sequence=-1", "device=phone", "order=items", "order=LOG"] {
                try await client.execute(uri: "/v1/pull?\(query)", method: .get, headers: Self.bearer(token)) {
                    #expect($0.status == .badRequest, "\(query)")
                }
            }
            try await client.execute(uri: "/v1/pull?cursor=&device=&order=", method: .get, headers: Self.bearer(token)) {
                #expect($0.status == .ok)
            }
            let tooMany = try Self.pushBody(PushRequest.mutationLimit + 1)
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: tooMany) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/v1/push", method: .trace) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/pull", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test func aDeviceBehindWhatTheServerProcessedIsToldItWasRestored() async throws {
        try await withServer { client, token in
            _ = try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: try Self.pushBody(5)) { _ in }
            try await client.execute(uri: "/v1/pull?device=\(Self.device)&sequence=2", method: .get, headers: Self.bearer(token)) { response in
                let answer = try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
                #expect(answer.deviceRestored == true)
                #expect(answer.changes.isEmpty)
            }
            try await client.execute(uri: "/v1/pull?device=\(Self.device)&sequence=5", method: .get, headers: Self.bearer(token)) { response in
                let answer = try WireJSON.decode(PullResponse.self, from: Data(buffer: response.body))
                #expect(answer.deviceRestored != true)
            }
        }
    }

    @Test func aSpentBodyBudgetAnswers503WithRetryAfterUntilItIsGivenBack() async throws {
        let budget = BodyBudget(bytes: 1 << 20)
        try await withServer(bodyBudget: budget) { client, token in
            // Another request holds the budget.
            #expect(budget.take(1 << 20))
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: try Self.pushBody(1)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            budget.give(1 << 20)
            try await client.execute(uri: "/v1/push", method: .post, headers: Self.bearer(token), body: try Self.pushBody(1)) {
                #expect($0.status == .ok)
            }
            // Each push gave its share back: the whole budget can be taken again.
            #expect(budget.take(1 << 20))
        }
    }
}
