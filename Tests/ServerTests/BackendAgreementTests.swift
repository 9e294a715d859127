import FolioTestSupport
import Foundation
import Logging
import Models
import Testing

@testable import Server

/// The same seeded push and pull sequences against `SyncLog` (what the simulation drives), the
/// SQLite repository and the PostgreSQL repository (when `scripts/with-postgres.sh` provides
/// one), each compacting after pushes: every answer must be the same, epochs aside (each
/// backend has its own), pages over compacted gaps, pulls by item and both halves of the digest
/// included.
@Suite struct BackendAgreementTests {
    /// One backend under test, as the routes see it.
    protocol Backend {
        var epoch: String { get async throws }
        func push(_ request: PushRequest) async throws -> PushResponse
        func pull(after cursor: String?, limit: Int, device: String?, deviceSequence: Int64?, order: PullOrder) async throws -> PullResponse
        func digest() async throws -> LibraryDigest
        /// A rejoin, then the compaction step the rejoin route asks for when it stored changes.
        func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse
        /// Forgets a device; false when it is no known device.
        func forget(_ device: String) async throws -> Bool
    }

    /// `SyncLog`, compacting a few items after each push and noting what pulls that name
    /// their device acknowledge, as `folio-server` does.
    actor Memory: Backend {
        var log = SyncLog()
        /// The highest sequence every device held at once, at any step.
        var mostSettled: Int64 = 0
        var epoch: String { log.epoch }
        func push(_ request: PushRequest) -> PushResponse {
            let response = log.push(request)
            log.compact(itemLimit: ServerCompaction.stepAfterPush)
            mostSettled = max(mostSettled, log.settledSequence(now: Date()))
            return response
        }
        func pull(after cursor: String?, limit: Int, device: String?, deviceSequence: Int64?, order: PullOrder) -> PullResponse {
            log.recordPull(after: cursor, device: device, deviceSequence: deviceSequence)
            mostSettled = max(mostSettled, log.settledSequence(now: Date()))
            return log.pull(after: cursor, limit: limit, excludingDevice: device, deviceSequence: deviceSequence, order: order)
        }
        /// The digest of every change held and of what the items are now.
        func digest() -> LibraryDigest { log.digest() }
        func rejoin(_ request: RejoinRequest) -> RejoinResponse {
            let response = log.rejoin(request)
            if response.restored > 0 { log.compact(itemLimit: ServerCompaction.stepAfterPush) }
            return response
        }
        func forget(_ device: String) -> Bool {
            guard log.devices[device] != nil else { return false }
            log.forget(device: device)
            return true
        }
    }

    struct Repository: Backend {
        let repository: any SyncRepository
        let user: ServerUser
        var epoch: String {
            get async throws {
                // An empty pull names the epoch in its cursor.
                let page = try await repository.pull(after: nil, limit: 1, excludingDevice: nil, deviceSequence: nil, for: user)
                return SyncCursor(token: page.cursor)?.epoch ?? ""
            }
        }
        /// A push, then the compaction step the push route runs after it.
        func push(_ request: PushRequest) async throws -> PushResponse {
            let response = try await repository.push(request, for: user)
            _ = try await repository.compact(
                for: user, itemLimit: ServerCompaction.stepAfterPush, now: Date(), horizon: ServerCompaction.defaultHorizon)
            return response
        }
        func pull(after cursor: String?, limit: Int, device: String?, deviceSequence: Int64?, order: PullOrder) async throws -> PullResponse {
            try await repository.pull(
                after: cursor, limit: limit, excludingDevice: device, deviceSequence: deviceSequence, order: order,
                horizon: ServerCompaction.defaultHorizon, for: user)
        }
        func digest() async throws -> LibraryDigest { try await repository.digest(for: user) }
        func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse {
            let response = try await repository.rejoin(request, for: user)
            if response.restored > 0 {
                _ = try await repository.compact(
                    for: user, itemLimit: ServerCompaction.stepAfterPush, now: Date(), horizon: ServerCompaction.defaultHorizon)
            }
            return response
        }
        func forget(_ device: String) async throws -> Bool {
            do {
                try await repository.forget(device: device, for: user)
                return true
            } catch ServerError.noSuchDevice {
                return false
            }
        }

        static func make(_ repository: any SyncRepository) async throws -> Repository {
            let name = "agree-" + String(UUID().uuidString.prefix(8)).lowercased()
            _ = try await repository.addUser(name: name)
            let user = try #require(try await repository.users().first { $0.name == name })
            return Repository(repository: repository, user: user)
        }
    }

    static let devices = (1...3).map { "01900000-0000-7000-8000-00000000000\($0)" }

    /// One step of a scenario, the same for every backend.
    enum Step {
        case push(device: Int, mutations: [Mutation], knownEpoch: Bool?)
        /// A pull; `fresh`: from the start of the log, in `order`, as a new device pulls.
        case pull(device: Int, limit: Int, own: Bool, sequence: Int64?, fresh: Bool, order: PullOrder)
        case digest
        /// The server forgets the device.
        case forget(device: Int)
        /// The device rejoins naming `held`, sends back whole what the answer asks for, and
        /// completes when `complete`.
        case rejoin(device: Int, held: [Change], complete: Bool)
    }

    /// A seeded scenario: pushes of new, repeated, malformed and replayed changes, retries,
    /// restored devices and, with seeds that are multiples of 3, foreign epochs (after which compaction's
    /// conditional rules wait a horizon), pulls of every size, by item or in the log's order,
    /// devices forgotten, and devices that rejoin naming changes of their own and of others.
    static func scenario(seed: UInt64, steps: Int = 60) -> [Step] {
        let foreignEpochs = seed.isMultiple(of: 3)
        var random = SplitMix64(seed: seed)
        var nextSequence = [Int64](repeating: 1, count: devices.count)
        var sent: [[Mutation]] = Array(repeating: [], count: devices.count)
        var wall: Int64 = 1_750_000_000_000
        var result: [Step] = []
        for _ in 0..<steps {
            let device = Int(random.next() % UInt64(devices.count))
            switch random.next() % 12 {
            case 0...4:
                var mutations: [Mutation] = []
                for _ in 0..<Int(1 + random.next() % 4) {
                    wall += Int64(random.next() % 3)
                    var change = Change(
                        entity: random.next() % 4 == 0 ? .note : .article,
                        entityID: "01900000-0000-7000-8000-0000000001\(String(format: "%02d", Int(random.next() % 20)))",
                        operation: .update, field: "title", value: "\"T\(wall)\"",
                        timestamp: HLCTimestamp(wallMillis: wall, counter: Int(random.next() % 3), deviceID: devices[device]))
                    switch random.next() % 8 {
                    case 0: change.field = "starred"  // a string where a boolean belongs: refused
                    case 1: if let old = sent.flatMap({ $0 }).randomElement(using: &random) { change = old.change }  // a replay
                    case 2:  // a purge: once every device holds it, its item keeps only it
                        change.operation = .purge
                        change.field = nil
                        change.value = nil
                    default: break
                    }
                    mutations.append(Mutation(deviceSequence: nextSequence[device], change: change))
                    nextSequence[device] += 1
                }
                sent[device] += mutations
                result.append(.push(device: device, mutations: mutations, knownEpoch: true))
            case 5:
                // A retry of an earlier push, sometimes cut short or with a foreign epoch.
                let earlier = sent[device]
                guard !earlier.isEmpty else { continue }
                let start = Int(random.next() % UInt64(earlier.count))
                result.append(
                    .push(
                        device: device, mutations: Array(earlier[start...].prefix(3)),
                        knownEpoch: random.next() % 5 == 0 && foreignEpochs ? false : nil))
            case 6:
                // A device put back from an older copy numbers new changes with old sequences.
                guard nextSequence[device] > 2 else { continue }
                wall += 1
                let change = Change(
                    entity: .article, entityID: "01900000-0000-7000-8000-000000000199", operation: .update, field: "title",
                    value: "\"restored\"", timestamp: HLCTimestamp(wallMillis: wall, counter: 0, deviceID: devices[device]))
                result.append(.push(device: device, mutations: [Mutation(deviceSequence: 1, change: change)], knownEpoch: true))
            case 7:
                result.append(.digest)
            case 10:
                result.append(.forget(device: device))
            case 11:
                let all = sent.flatMap { $0 }.map(\.change)
                let held = (0..<Int(random.next() % 8)).compactMap { _ in all.isEmpty ? nil : all[Int(random.next() % UInt64(all.count))] }
                result.append(.rejoin(device: device, held: held, complete: random.next() % 2 == 0))
            default:
                // Any sequence (below what was processed: a restored device), the device's log's
                // end (an acknowledgement when it has nothing left to push), or none.
                let sequence: Int64?
                switch random.next() % 3 {
                case 0: sequence = Int64(random.next() % UInt64(nextSequence[device]))
                case 1: sequence = nextSequence[device] - 1
                default: sequence = nil
                }
                result.append(
                    .pull(
                        device: device, limit: Int(1 + random.next() % 6), own: random.next() % 2 == 0, sequence: sequence,
                        fresh: random.next() % 10 == 0, order: random.next() % 3 == 0 ? .item : .log))
            }
        }
        return result
    }

    /// What a backend answered at each step, with its epoch taken out (cursors by sequence).
    static func run(_ steps: [Step], on backend: any Backend) async throws -> [String] {
        let epoch = try await backend.epoch
        var cursors: [String?] = Array(repeating: nil, count: devices.count)
        var answers: [String] = []
        for step in steps {
            switch step {
            case .push(let device, let mutations, let knownEpoch):
                let known = knownEpoch.map { $0 ? epoch : "01900000-0000-7000-8000-0000000e90c4" }
                var answer = try await backend.push(PushRequest(deviceID: devices[device], knownEpoch: known, mutations: mutations))
                #expect(answer.epoch == epoch)
                answer.epoch = "E"
                answers.append("push \(answer)")
            case .pull(let device, let limit, let own, let sequence, let fresh, let order):
                if fresh { cursors[device] = nil }
                var page = try await backend.pull(
                    after: cursors[device], limit: limit, device: own ? nil : devices[device], deviceSequence: own ? nil : sequence,
                    order: order)
                if page.deviceRestored != true {
                    let cursor = try #require(SyncCursor(token: page.cursor))
                    #expect(cursor.epoch == epoch)
                    cursors[device] = page.cursor
                    page.cursor = "\(cursor.sequence)\(cursor.byItem ? " by item" : "")"
                } else {
                    page.cursor = "restored"
                }
                answers.append("pull \(page)")
            case .digest:
                answers.append("digest \(try await backend.digest())")
            case .forget(let device):
                answers.append("forget \(try await backend.forget(devices[device]))")
            case .rejoin(let device, let held, let complete):
                let answer = try await backend.rejoin(RejoinRequest(deviceID: devices[device], held: held.map(RejoinRequest.Held.init)))
                answers.append("rejoin \(answer)")
                let back = held.filter { answer.restore.contains($0.timestamp) }
                if !back.isEmpty {
                    answers.append("sent back \(try await backend.rejoin(RejoinRequest(deviceID: devices[device], changes: back)))")
                }
                if complete {
                    answers.append("complete \(try await backend.rejoin(RejoinRequest(deviceID: devices[device], complete: true)))")
                }
            }
        }
        return answers
    }

    static var logger: Logger {
        var logger = Logger(label: "backend-agreement")
        logger.logLevel = .error
        return logger
    }

    /// The scenarios meet every kind of answer, so that agreeing on them means something.
    @Test func theScenariosMeetEveryAnswer() async throws {
        var all: [String] = []
        var compacted = 0
        var settled: Int64 = 0
        for seed in 1...12 as ClosedRange<UInt64> {
            let memory = Memory()
            all += try await Self.run(Self.scenario(seed: seed), on: memory)
            let log = await memory.log
            compacted += Int(log.lastSequence) - log.changes.count
            settled = max(settled, await memory.mostSettled)
        }
        #expect(compacted > 0, "no scenario compacts a change: pages never step over a gap")
        #expect(settled > 0, "no scenario has every device acknowledge a change: rule 5 never applies")
        for kind in [
            "applied", "duplicate", "rejected", "deviceRestored: Optional(true)", "epochChanged: true", "hasMore: true", "currentArticles",
            "by item\", hasMore: true", "forget true", "rejoin: Optional(true)", "restored: 1",
        ] {
            #expect(all.contains { $0.contains(kind) }, "no answer with \(kind)")
        }
    }

    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func everyBackendAnswersAsTheRulesSay(seed: UInt64) async throws {
        let steps = Self.scenario(seed: seed)
        let expected = try await Self.run(steps, on: Memory())

        let folder = try TemporaryFolder()
        let sqlite = try await Repository.make(SQLiteRepository(path: folder.path + "/server.sqlite"))
        let fromSQLite = try await Self.run(steps, on: sqlite)
        for (index, (memory, stored)) in zip(expected, fromSQLite).enumerated() {
            #expect(memory == stored, "SQLite, seed \(seed), step \(index + 1)")
        }

        guard let url = ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] else { return }
        let postgres = try PostgresRepository(url: url, logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in postgres.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await postgres.prepare()
            let fromPostgres = try await Self.run(steps, on: try await Repository.make(postgres))
            for (index, (memory, stored)) in zip(expected, fromPostgres).enumerated() {
                #expect(memory == stored, "PostgreSQL, seed \(seed), step \(index + 1)")
            }
        }
    }
}
