import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Server

/// `folio-server compact`, `device list` and `device forget`, run as the built binary on a
/// store the test filled in-process (SQLite, and PostgreSQL under `scripts/with-postgres.sh`).
@Suite struct CompactionCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `folio-server` with `arguments` and the store's options.
    static func run(_ arguments: [String], on store: StoreUnderTest) throws -> Run {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments + store.storeArguments
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complained = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
            errors: String(decoding: complained, as: UTF8.self))
    }

    struct Listed: Decodable, Equatable {
        var user: String
        var id: String
        var acknowledged: Int64
        var holdsBack: Bool
        var lastSeen: Date
    }

    static func list(_ store: StoreUnderTest) throws -> [Listed] {
        let listed = try run(["device", "list", "--json"], on: store)
        #expect(listed.status == 0, "\(listed.errors)")
        return try FolioJSON.decoder().decode([Listed].self, from: Data(listed.output.utf8))
    }

    @Test(arguments: Backend.available)
    func compactDeviceListAndForgetWorkOnARealStore(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            let a = StoreUnderTest.deviceA
            let b = StoreUnderTest.deviceB
            let article = "01a22157-7a89-79cc-8659-315fc7406a09"
            func clock(_ step: Int64) -> HLCTimestamp { HLCTimestamp(wallMillis: 1_750_000_000_000 + step, counter: 0, deviceID: a) }
            let changes = [
                Change(entity: .article, entityID: article, operation: .update, field: "title", value: "\"T1\"", timestamp: clock(1)),
                Change(entity: .article, entityID: article, operation: .update, field: "title", value: "\"T2\"", timestamp: clock(2)),
                Change(entity: .article, entityID: article, operation: .purge, timestamp: clock(3)),
            ]
            try await store.push(a, from: 1, changes)
            let end = try await store.pullAll(device: a, deviceSequence: 3).cursor
            _ = try await store.pullAll(after: end, device: a, deviceSequence: 3)
            _ = try await store.repository.pull(after: nil, limit: 1, excludingDevice: b, deviceSequence: 0, for: store.user)

            let listed = try Self.list(store)
            #expect(listed.map(\.id) == [a, b])
            #expect(listed.map(\.user) == ["alice", "alice"])
            #expect(listed.map(\.acknowledged) == [3, 0])
            #expect(listed.map(\.holdsBack) == [false, true])
            let table = try Self.run(["device", "list", "--user", "alice"], on: store)
            #expect(table.status == 0)
            #expect(table.output.split(separator: "\n").count == 2)
            #expect(table.output.contains("holds compaction back"))
            #expect(table.errors.isEmpty)

            // b holds the purge back: only the superseded title goes.
            let first = try Self.run(["compact"], on: store)
            #expect(first.status == 0, "\(first.errors)")
            #expect(first.output.contains("alice: 1 items, 1 changes dropped"))
            #expect(first.output.contains("1 items wait for devices"))

            let forget = try Self.run(["device", "forget", b], on: store)
            #expect(forget.status == 0, "\(forget.errors)")
            #expect(try Self.list(store).map(\.id) == [a])
            let second = try Self.run(["compact", "--user", "alice"], on: store)
            #expect(second.output.contains("alice: 1 items, 1 changes dropped"))
            #expect(second.output.contains("0 items wait for devices"))
            #expect(try await store.pullAll().changes.map(\.change.operation) == [.purge])

            // Errors: one line on stderr, and the exit status of the kind.
            let unknown = try Self.run(["device", "forget", b], on: store)
            #expect(unknown.status == 66)
            #expect(unknown.errors == "folio-server: no known device has id \(b); `folio-server device list` shows them\n")
            let nobody = try Self.run(["compact", "--user", "nobody"], on: store)
            #expect(nobody.status == 65)
            #expect(nobody.errors.split(separator: "\n").count == 1)
            #expect(try Self.run(["compact", "--horizon", "0"], on: store).status == 64)

            // A device comes with a cursor of data this server does not hold (it lost data):
            // `device list` says on stderr until when compaction waits.
            _ = try await store.repository.pull(
                after: SyncCursor(epoch: "an-earlier-epoch", sequence: 9).token, limit: 1, excludingDevice: b, deviceSequence: 0,
                for: store.user)
            let waiting = try Self.run(["device", "list"], on: store)
            #expect(waiting.status == 0)
            #expect(waiting.errors.hasPrefix("folio-server: alice: a device came with data this server no longer holds; until "))
            #expect(waiting.errors.hasSuffix(" compaction keeps purged items' history and every note version\n"))
        }
    }
}
