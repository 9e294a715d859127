import Foundation
import HTTP
import Models
import Storage

/// Syncs one store with one server: pushes the unsynced change log in batches, then pulls
/// pages of changes, each page and its cursor applied in one transaction, so that an
/// interrupted sync resumes where it stopped and a retried one duplicates nothing.
package struct SyncEngine: Sendable {
    package let store: Store
    package let service: any SyncService
    package var pushBatchSize: Int
    package var pullPageSize: Int
    /// Stops a sync that would remove too much; nil (`--force`) lets everything through.
    package var removalGuard: RemovalGuard? = RemovalGuard()
    /// Values per pushed batch, roughly (a batch holds at least one change): the server takes
    /// bodies up to 64 MB, and large batches make retries costly.
    package var pushBatchBytes = 1 << 20
    /// Called after each batch pushed and each page pulled.
    package var progress: (@Sendable (SyncProgress) -> Void)?
    /// This device's name, sent with its pushes.
    package var deviceName: String?
    /// Items compacted after each sync (`Store.compact`, round and round the library).
    package var compactionStep = SyncEngine.defaultCompactionStep

    package init(
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
    ///
    /// `SyncSession` decides every step; this loop only carries them out: the store's work
    /// through its async API (`Store.perform`, off the cooperative threads), the server's
    /// through the service. Cancelling the task stops the sync between two steps; every page
    /// applied so far is kept with its cursor.
    ///
    /// While a page is applied, the next one is already asked for (`PrefetchedPull`): the
    /// server reads and sends it as the store writes this one. That pull does not acknowledge
    /// its cursor (the page before it is not applied yet); the first pull of the next sync does.
    package func sync(repair: Bool = false) async throws -> SyncSummary {
        var ahead: PrefetchedPull?
        do {
            let summary = try await run(repair: repair, ahead: &ahead)
            await ahead?.abandon()
            return summary
        } catch {
            // A pull asked ahead ends before the sync does: nothing of it runs on afterwards.
            await ahead?.abandon()
            throw error
        }
    }

    private func run(repair: Bool, ahead: inout PrefetchedPull?) async throws -> SyncSummary {
        let trafficBefore = service.traffic
        var session = SyncSession(
            pushBatchSize: pushBatchSize, pullPageSize: pullPageSize, pushBatchBytes: pushBatchBytes, removalGuard: removalGuard,
            deviceName: deviceName, repair: repair)
        var action = session.start()
        // What the device had when the current pull began: only those items can be "removed".
        var mark: RowMark?
        // How far this device's log was pushed when the current pull began (for the page that
        // ends it: `Store.applyRemote(…endsPull:)`).
        var pushedAtPullStart: Int64?
        // A rejoin begun in this sync (`SyncEngine+Rejoin`): the changes to drop once the pull
        // has ended.
        var rejoinForget: (clocks: [HLCTimestamp], withoutBody: [HLCTimestamp])?
        var rejoined = false
        var rejoin = SyncSummary.Rejoin()
        while true {
            try Task.checkCancellation()
            let event: SyncSession.Event
            switch action {
            case .readDevice:
                event = try await store.perform { store throws(StoreError) in
                    .device(id: try store.deviceID(), unsynced: try store.unsyncedChangeCount())
                }
            case .readBatch(let limit):
                event = try await store.perform { store throws(StoreError) in
                    .batch(try store.unsyncedChanges(limit: limit), cursor: try store.syncCursor())
                }
            case .push(let request):
                event = .pushed(try await service.push(request))
            case .recordPush(let refused, let through, let cursor):
                try await store.perform { store throws(StoreError) in
                    if let cursor { try store.saveSyncCursor(cursor) }
                    try store.setAside(refused.map { ($0.sequence, $0.reason) })
                    try store.markPushed(through: through)
                }
                event = .recorded
            case .continueAsNewDevice:
                pushedAtPullStart = nil
                event = try await store.perform { store throws(StoreError) in
                    try store.continueAsNewDevice()
                    return .device(id: try store.deviceID(), unsynced: try store.unsyncedChangeCount())
                }
            case .restartSync:
                pushedAtPullStart = nil
                event = try await store.perform { store throws(StoreError) in
                    try store.restartSync(cursor: nil)
                    return .device(id: try store.deviceID(), unsynced: try store.unsyncedChangeCount())
                }
            case .beginPull:
                let (cursor, library, rowMark) = try await store.perform { store throws(StoreError) in
                    (try store.syncCursor(), try store.liveItemCount(), try store.rowMark())
                }
                mark = rowMark
                event = .pullBegan(cursor: cursor, library: library)
            case .pull(let cursor, let limit, let order):
                if pushedAtPullStart == nil {
                    pushedAtPullStart = try await store.perform { store throws(StoreError) in try store.pushedThroughSequence() }
                }
                if let prefetched = ahead, prefetched.matches(cursor: cursor, limit: limit) {
                    ahead = nil
                    event = .pulled(try await prefetched.page())
                } else {
                    await ahead?.abandon()
                    ahead = nil
                    event = .pulled(try await service.pull(after: cursor, limit: limit, order: order, acknowledging: true))
                }
            case .apply(let page, let removalLimit):
                if page.hasMore && page.deviceRestored != true && !page.epochChanged {
                    ahead = PrefetchedPull(service: service, after: page.cursor, limit: pullPageSize)
                }
                if page.rejoin == true, !rejoined, rejoinForget == nil, !page.epochChanged, page.deviceRestored != true {
                    let begun = try await beginRejoin()
                    rejoinForget = begun.map { ($0.forget, $0.withoutBody) }
                    rejoin.sentBack += begun?.restored ?? 0
                    rejoined = begun == nil
                }
                let before = mark
                let endsPull = page.hasMore ? nil : pushedAtPullStart.map { PullEnd(pushedThrough: $0, settled: page.settled) }
                // The outcome as a value: a partial `catch` of the typed error here crashes
                // Swift 6.3's ownership checker.
                let outcome: Result<RemoteApplyResult, StoreError> = try await store.perform { store throws(StoreError) in
                    do throws(StoreError) {
                        return .success(
                            try store.applyRemote(
                                page.changes.map(\.change), cursor: page.cursor, removalLimit: removalLimit, existingBefore: before,
                                endsPull: endsPull))
                    } catch {
                        return .failure(error)
                    }
                }
                switch outcome {
                case .success(let result):
                    if endsPull != nil { pushedAtPullStart = nil }
                    if !page.hasMore, let forget = rejoinForget {
                        rejoin.dropped += try await endRejoin(forgetting: forget.clocks, withoutBody: forget.withoutBody)
                        rejoin.done = true
                        rejoinForget = nil
                        rejoined = true
                    }
                    event = .applied(removed: result.itemsRemoved, changed: result.itemsChanged)
                case .failure(.tooManyRemovals(let count, _)): event = .tooManyRemovals(count: count)
                case .failure(let error): throw error
                }
            case .report(let step):
                progress?(step)
                event = .reported
            case .compareDigests:
                let (unsynced, cursor, local) = try await store.perform { store throws(StoreError) in
                    (try store.unsyncedChangeCount(), try store.syncCursor(), try store.libraryDigest())
                }
                // The server's digest is only asked for when it can be compared.
                let server = unsynced == 0 ? try await service.digest() : nil
                event = .digests(unsynced: unsynced, server: server, cursor: cursor, local: local)
            case .restartPull:
                pushedAtPullStart = nil
                try await store.perform { store throws(StoreError) in try store.restartPull() }
                event = .recorded
            case .finish(var summary):
                if rejoin.done { summary.rejoin = rejoin }
                return try await finish(summary, trafficBefore: trafficBefore)
            case .fail(let error):
                throw error
            }
            action = session.received(event)
        }
    }

    /// Items a sync compacts when it finishes, unless told otherwise.
    package static let defaultCompactionStep = 200

    /// What a finished sync adds: the other devices' names, the bytes moved, what is left in
    /// conflict or unreadable, and the time of the sync.
    private func finish(_ finished: SyncSummary, trafficBefore: TrafficCounts) async throws -> SyncSummary {
        var summary = finished
        // The names other devices go by, for note histories and conflicts. They are only
        // labels: when the server cannot give them now, the sync has still done its work, and
        // the next one asks again.
        if let names = try? await service.deviceNames(), !names.isEmpty {
            try await store.perform { store throws(StoreError) in try store.saveDeviceNames(names) }
        }
        let trafficAfter = service.traffic
        summary.bytesSent = trafficAfter.sent - trafficBefore.sent
        summary.bytesReceived = trafficAfter.received - trafficBefore.received
        let (conflicted, unreadable) = try await store.perform { store throws(StoreError) in
            let counts = (try store.conflictedNoteCount(), try store.unreadableItemCount())
            try store.recordSyncFinished()
            // A small step of compaction after each sync (`Store.compact`): bounded work, so the
            // log shrinks over a few syncs without any sync taking long.
            try store.compact(itemLimit: compactionStep)
            return counts
        }
        summary.conflictedNotes = conflicted
        summary.unreadableItems = unreadable
        return summary
    }
}
