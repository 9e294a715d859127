import ArgumentParser
import Foundation
import Models

/// `folio-server compact`: compacts every item waiting for it now, and says what that freed.
struct CompactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact", abstract: "Drop the changes that can no longer change anything, now, and say what that freed.",
        discussion: """
            The server also compacts a few items after each push. A superseded change goes at \
            once; a purged item's history and a note's older versions go once every device seen \
            within the horizon has acknowledged them (`folio-server device list` shows which \
            devices hold compaction back). See docs/sync-protocol.md, "Compaction".

            Example:
              folio-server compact --user alice
            """)

    @Option(help: "Only this user's log (default: every user's).") var user: String?
    @OptionGroup var compaction: CompactionOptions
    @OptionGroup var store: StoreOptions

    /// Items compacted per transaction: each step is short, so pushes do not wait long.
    static let step = 200

    func run() async throws {
        let name = user
        let horizon = compaction.seconds
        let reports = try await withReport {
            try await store.withRepository(logger: quietLogger) { repository in
                var reports: [(String, CompactionReport)] = []
                for user in try await UserSelection.users(named: name, in: repository) {
                    reports.append((user.name, try await Self.compactAll(user, in: repository, horizon: horizon)))
                }
                return reports
            }
        }
        for (name, report) in reports { print(Self.line(name: name, report)) }
    }

    /// Compacts every item of `user` waiting now (each once), `step` items per transaction.
    static func compactAll(_ user: ServerUser, in repository: any SyncRepository, horizon: TimeInterval) async throws -> CompactionReport {
        let now = Date()
        var left = try await repository.compact(for: user, itemLimit: 0, now: now, horizon: horizon).itemsPending
        var total = CompactionReport()
        total.itemsPending = left
        while left > 0 {
            let report = try await repository.compact(for: user, itemLimit: min(step, left), now: now, horizon: horizon)
            total.add(report)
            left -= max(1, report.itemsExamined)
        }
        return total
    }

    /// What a compaction freed, in one line.
    static func line(name: String, _ report: CompactionReport) -> String {
        "\(name): \(report.itemsExamined) items, \(report.changesDropped) changes dropped, \(report.changesRewritten) kept smaller, "
            + "\(report.bytesFreed) bytes of values freed; \(report.itemsPending) items wait for devices"
    }
}
