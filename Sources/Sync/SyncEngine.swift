import Foundation
import HTTP
import Models
import Storage

/// A sync server as the engine sees it: push a batch, pull a page.
public protocol SyncService: Sendable {
    func push(_ request: PushRequest) async throws -> PushResponse
    func pull(after cursor: String?, limit: Int) async throws -> PullResponse
    /// Bytes moved so far, for the sync summary (zero for a service in this process).
    var traffic: TrafficCounts { get }
    /// Which items the server holds, at which version; nil when the service cannot say.
    func digest() async throws -> LibraryDigest?
    /// The names of the user's devices, by device id (empty when the service cannot say).
    func deviceNames() async throws -> [String: String]
}

extension SyncService {
    public var traffic: TrafficCounts { TrafficCounts() }
    public func digest() async throws -> LibraryDigest? { nil }
    public func deviceNames() async throws -> [String: String] { [:] }
}

/// How many articles and notes one sync may move to the trash or delete before it stops and
/// asks (`folio sync --force`): a guard against a reset or wrong server wiping a device.
public struct RemovalGuard: Sendable, Equatable {
    /// Never more than this many at once.
    public var maximum = 500
    /// Never more than this share of the library...
    public var fraction = 0.5
    /// ...once that is more than this many (so that small libraries sync normally).
    public var minimum = 10

    public init() {}

    /// The most removals allowed for a library of `items` live articles and notes.
    public func limit(library items: Int) -> Int {
        min(maximum, max(minimum, Int(Double(items) * fraction)))
    }
}

/// What one sync did.
public struct SyncSummary: Sendable, Codable, Equatable {
    public var pushed = 0
    public var duplicates = 0
    public var rejected = 0
    public var pulled = 0
    /// Articles and notes added, changed or removed here by what was pulled.
    public var merged = 0
    /// The server had lost its data; everything local was pushed again.
    public var serverWasReset = false
    /// This store had been put back from an older copy: it continues as a new device, and
    /// pulled the whole log again (see `PushResponse.deviceRestored`).
    public var deviceWasRestored = false
    /// Articles and notes that pulled changes moved to the trash or deleted.
    public var removed = 0
    /// How the device compared with the server after the sync (see `SyncEngine.verify`).
    public var digest: DigestCheck = .skipped
    /// Bytes sent and received, as on the wire (HTTP headers and compressed bodies).
    public var bytesSent = 0
    public var bytesReceived = 0
    /// Notes in conflict on this device after the sync (`folio note resolve`).
    public var conflictedNotes = 0
    /// Articles and notes this version of Folio cannot read after the sync (a newer one wrote
    /// them): each keeps its last good form.
    public var unreadableItems = 0

    public init() {}

    /// Adds what a second sync did.
    public mutating func add(_ other: SyncSummary) {
        pushed += other.pushed
        duplicates += other.duplicates
        rejected += other.rejected
        pulled += other.pulled
        merged += other.merged
        removed += other.removed
        serverWasReset = serverWasReset || other.serverWasReset
        deviceWasRestored = deviceWasRestored || other.deviceWasRestored
        if other.digest != .skipped { digest = other.digest }
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        conflictedNotes = other.conflictedNotes
        unreadableItems = other.unreadableItems
    }
}

/// What comparing the device's digest with the server's found.
public enum DigestCheck: String, Sendable, Codable, Equatable {
    /// The same items at the same versions.
    case match
    /// A difference: a sync with `verify` repairs it by pulling everything again.
    case differs
    /// A difference that pulling everything again did not repair.
    case differsAfterRepair
    /// Not compared: local changes wait to be pushed, another device pushed meanwhile, or the
    /// service cannot say.
    case skipped
}

/// How far a sync has got, for a progress display.
public enum SyncProgress: Sendable, Equatable {
    /// `done` of `total` local changes pushed.
    case pushing(done: Int, total: Int)
    /// `done` changes pulled so far.
    case pulling(done: Int)
}

/// Syncs one store with one server: pushes the unsynced change log in batches, then pulls
/// pages of changes, each page and its cursor applied in one transaction, so that an
/// interrupted sync resumes where it stopped and a retried one duplicates nothing.
public struct SyncEngine: Sendable {
    public let store: Store
    public let service: any SyncService
    public var pushBatchSize: Int
    public var pullPageSize: Int
    /// Stops a sync that would remove too much; nil (`--force`) lets everything through.
    public var removalGuard: RemovalGuard? = RemovalGuard()
    /// Values per pushed batch, roughly (a batch holds at least one change): the server takes
    /// bodies up to 64 MB, and large batches make retries costly.
    public var pushBatchBytes = 1 << 20
    /// Called after each batch pushed and each page pulled.
    public var progress: (@Sendable (SyncProgress) -> Void)?
    /// This device's name, sent with its pushes.
    public var deviceName: String?

    public init(
        store: Store, service: any SyncService, pushBatchSize: Int = 500, pullPageSize: Int = 500,
        progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) {
        self.store = store
        self.service = service
        self.pushBatchSize = pushBatchSize
        self.pullPageSize = pullPageSize
        self.progress = progress
    }

    /// Pushes, pulls, then compares digests with the server (cheap: both keep theirs up to
    /// date change by change). With `repair`, a difference makes the device pull the whole
    /// log again (its merge is idempotent) and compare once more.
    public func sync(repair: Bool = false) async throws -> SyncSummary {
        var summary = SyncSummary()
        let trafficBefore = service.traffic
        try await push(into: &summary)
        try await pull(into: &summary)
        summary.digest = try await verify()
        if summary.digest == .differs && repair {
            try store.restartPull()
            try await pull(into: &summary)
            let after = try await verify()
            summary.digest = after == .differs ? .differsAfterRepair : after
        }
        // The names other devices go by, for note histories and conflicts. They are only
        // labels: when the server cannot give them now, the sync has still done its work, and
        // the next one asks again.
        if let names = try? await service.deviceNames(), !names.isEmpty {
            try store.saveDeviceNames(names)
        }
        let trafficAfter = service.traffic
        summary.bytesSent = trafficAfter.sent - trafficBefore.sent
        summary.bytesReceived = trafficAfter.received - trafficBefore.received
        summary.conflictedNotes = try store.conflictedNoteCount()
        summary.unreadableItems = try store.unreadableItemCount()
        try store.recordSyncFinished()
        return summary
    }

    /// The changes a server can take, and those whose value is larger than any server accepts
    /// (`ChangeValidation.maximumValueBytes`).
    static func splitOversize(_ changes: [Change]) -> (sendable: [Change], oversize: [Change]) {
        let isOversize = { (change: Change) in (change.value?.utf8.count ?? 0) > ChangeValidation.maximumValueBytes }
        return (changes.filter { !isOversize($0) }, changes.filter(isOversize))
    }

    /// The first changes of `changes` whose values fit in `byteBudget` bytes (at least one).
    static func batch(_ changes: [Change], byteBudget: Int) -> [Change] {
        var bytes = 0
        var count = 0
        for change in changes {
            bytes += (change.value?.utf8.count ?? 0) + 200  // ids, timestamp and JSON around it
            if count > 0 && bytes > byteBudget { break }
            count += 1
        }
        return Array(changes.prefix(count))
    }

    private func push(into summary: inout SyncSummary) async throws {
        var deviceID = try store.deviceID()
        var total = try store.unsyncedChangeCount()
        var done = 0
        while true {
            let changes = Self.batch(try store.unsyncedChanges(limit: pushBatchSize), byteBudget: pushBatchBytes)
            guard let last = changes.last else { return }
            // A change too large for any server is set aside here, unsent: sent, it would be
            // refused with its whole batch at every sync, and block every change after it.
            let (sendable, oversize) = Self.splitOversize(changes)
            if !oversize.isEmpty {
                summary.rejected += oversize.count
                try store.setAside(oversize.map { ($0.sequence, "too large to sync (\(($0.value?.utf8.count ?? 0) / 1_000_000) MB)") })
                if sendable.isEmpty {
                    try store.markPushed(through: last.sequence)
                    done += changes.count
                    continue
                }
            }
            let knownEpoch = try store.syncCursor().flatMap { SyncCursor(token: $0)?.epoch }
            let request = PushRequest(
                deviceID: deviceID, knownEpoch: knownEpoch, mutations: sendable.map { Mutation(deviceSequence: $0.sequence, change: $0) },
                deviceName: deviceName)
            let response = try await service.push(request)
            if response.deviceRestored == true {
                // This store was put back from an older copy: its new changes reuse device
                // sequences the server has processed. Continue as a new device (its sequences
                // are new), and pull the whole log again: it brings back what this device made
                // after the copy. Nothing was applied; nothing local is deleted.
                summary.deviceWasRestored = true
                try store.continueAsNewDevice()
                deviceID = try store.deviceID()
                continue
            }
            if response.epochChanged {
                // The server lost its data: give it this device's whole log again, in order,
                // then pull its new log from the start. Nothing local is deleted.
                summary.serverWasReset = true
                try store.restartSync(cursor: nil)
                total = try store.unsyncedChangeCount()
                done = 0
                continue
            }
            var rejected: [(sequence: Int64, reason: String)] = []
            for result in response.results {
                switch result.status {
                case .applied: summary.pushed += 1
                case .duplicate: summary.duplicates += 1
                case .rejected:
                    summary.rejected += 1
                    rejected.append((result.deviceSequence, result.reason ?? "refused by the server"))
                }
            }
            if try store.syncCursor() == nil {
                // Remember which epoch of the server holds these changes before marking them
                // pushed (a cursor at its start, as the server gives for an empty log): then a
                // server that loses its data before this device's first pull completes is still
                // noticed by the next pull, and the changes are pushed again.
                try store.saveSyncCursor(SyncCursor(epoch: response.epoch, sequence: 0).token)
            }
            try store.setAside(rejected)
            try store.markPushed(through: last.sequence)
            done += changes.count
            progress?(.pushing(done: done, total: max(total, done)))
        }
    }

    /// Compares this device's digest with the server's, when they can be compared: nothing
    /// local waits to be pushed, and the server's log ends where this device's cursor does.
    func verify() async throws -> DigestCheck {
        guard try store.unsyncedChangeCount() == 0, let server = try await service.digest(), let sequence = server.sequence,
            let cursor = try store.syncCursor().flatMap(SyncCursor.init(token:)), cursor.sequence == sequence
        else { return .skipped }
        return try store.libraryDigest().sameChanges(as: server) ? .match : .differs
    }

    /// Applies one pulled page with its cursor, unless it would take the removals of this sync
    /// past the guard's limit (then nothing of it is applied).
    private func apply(_ page: PullResponse, removedSoFar: Int, library: Int, mark: RowMark) throws -> RemoteApplyResult {
        let allowed = removalGuard.map { $0.limit(library: library) - removedSoFar }
        do {
            return try store.applyRemote(page.changes.map(\.change), cursor: page.cursor, removalLimit: allowed, existingBefore: mark)
        } catch {
            if case .tooManyRemovals(let count, _) = error { throw SyncError.tooManyRemovals(count: removedSoFar + count, library: library) }
            throw error
        }
    }

    private func pull(into summary: inout SyncSummary) async throws {
        var cursor = try store.syncCursor()
        let library = try store.liveItemCount()
        // What this device had when the pull began: only those items can be "removed".
        let mark = try store.rowMark()
        var removed = 0
        while true {
            let page = try await service.pull(after: cursor, limit: pullPageSize)
            if page.deviceRestored == true {
                // This store was put back from an older copy and made nothing new since: as
                // when a push says so, continue as a new device, push what is unsynced, and
                // pull the whole log again (it brings back what this device had made).
                summary.deviceWasRestored = true
                try store.continueAsNewDevice()
                try await push(into: &summary)
                cursor = nil
                continue
            }
            if page.epochChanged {
                // A reset server met on a pull (this device had nothing to push): start over.
                summary.serverWasReset = true
                try store.restartSync(cursor: nil)
                try await push(into: &summary)
                cursor = nil
                continue
            }
            let result = try apply(page, removedSoFar: removed, library: library, mark: mark)
            removed += result.itemsRemoved
            summary.removed += result.itemsRemoved
            summary.pulled += page.changes.count
            summary.merged += result.itemsChanged
            progress?(.pulling(done: summary.pulled))
            cursor = page.cursor
            if !page.hasMore { return }
        }
    }
}
