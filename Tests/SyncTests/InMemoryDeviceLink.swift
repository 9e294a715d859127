import Models
import Storage
import Sync

/// One device's connection to an `InMemorySyncService` that names the device at each pull, as
/// `HTTPSyncService` does, so the server notes what the device acknowledged.
struct InMemoryDeviceLink: SyncService {
    let service: InMemorySyncService
    let store: Store

    func push(_ request: PushRequest) async throws -> PushResponse {
        await service.push(request)
    }

    func pull(after cursor: String?, limit: Int, order: PullOrder, acknowledging: Bool) async throws -> PullResponse {
        let device = try store.deviceID()
        await service.recordPull(after: cursor, device: device, deviceSequence: acknowledging ? try store.lastChangeSequence() : nil)
        var page = await service.pull(after: cursor, limit: limit, order: order)
        if await service.mustRejoin(device: device) { page.rejoin = true }
        return page
    }

    func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? {
        try await service.rejoin(request)
    }

    func digest() async throws -> LibraryDigest? {
        try await service.digest()
    }
}
