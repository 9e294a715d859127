import Models
import Sync

/// A server in this process, following `SyncLog`'s rules: for tests and simulations.
actor InMemorySyncService: SyncService {
    private(set) var log: SyncLog

    init(log: SyncLog = SyncLog()) {
        self.log = log
    }

    func push(_ request: PushRequest) -> PushResponse { log.push(request) }

    func pull(after cursor: String?, limit: Int) -> PullResponse { log.pull(after: cursor, limit: limit) }

    func digest() -> LibraryDigest? { log.digest() }

    /// Loses everything, as a server restored from nothing would.
    func reset() { log.reset() }
}
