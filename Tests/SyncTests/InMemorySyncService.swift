import Foundation
import Models
import Sync

/// A server in this process, following `SyncLog`'s rules: for tests and simulations.
actor InMemorySyncService: SyncService {
    private(set) var log: SyncLog
    /// Items compacted after each push (nil: none), as `folio-server` compacts in small steps.
    let compactionStep: Int?

    init(log: SyncLog = SyncLog(), compactionStep: Int? = nil) {
        self.log = log
        self.compactionStep = compactionStep
    }

    func push(_ request: PushRequest) -> PushResponse {
        let response = log.push(request)
        if let compactionStep { log.compact(itemLimit: compactionStep) }
        return response
    }

    func pull(after cursor: String?, limit: Int, order: PullOrder = .log, acknowledging: Bool = true) -> PullResponse {
        log.pull(after: cursor, limit: limit, order: order)
    }

    /// Notes what a pull says of the device that made it (`SyncLog.recordPull`).
    func recordPull(after cursor: String?, device: String?, deviceSequence: Int64?) {
        log.recordPull(after: cursor, device: device, deviceSequence: deviceSequence)
    }

    /// Compacts up to `itemLimit` items at once.
    @discardableResult
    func compact(itemLimit: Int = .max) -> CompactionReport { log.compact(itemLimit: itemLimit) }

    func digest() -> LibraryDigest? { log.digest() }

    /// Forgets a device: it no longer holds compaction back (`SyncLog.forget(device:)`).
    func forget(device: String) { log.forget(device: device) }

    /// Whether the device must rejoin (`SyncLog.mustRejoin(device:)`).
    func mustRejoin(device: String) -> Bool { log.mustRejoin(device: device) }

    func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? { log.rejoin(request) }

    /// Loses everything, as a server restored from nothing would.
    func reset() { log.reset() }
}
