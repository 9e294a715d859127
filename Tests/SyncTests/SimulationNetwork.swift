import Foundation
import HTTP
import Models
import Storage
import Synchronization

@testable import Sync

/// A simulated device died in the middle of a sync.
struct SimulatedCrash: Error {}

/// Simulated wall time for the devices of one scenario: milliseconds that only the simulation
/// moves on, plus each device's own skew (a device's clock can run behind, or jump back).
final class SimulatedTime: Sendable {
    private struct State {
        var millis: Int64
        var skews: [Int64]
    }

    private let state: Mutex<State>

    init(startMillis: Int64, skews: [Int64]) {
        state = Mutex(State(millis: startMillis, skews: skews))
    }

    func advance(by millis: Int64) {
        state.withLock { $0.millis += millis }
    }

    func shift(device: Int, by millis: Int64) {
        state.withLock { $0.skews[device] += millis }
    }

    /// The wall-clock time device `device` reads.
    func now(device: Int) -> Date {
        let millis = state.withLock { $0.millis + $0.skews[device] }
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}

/// The network between the simulated devices and the server, and the server itself: an
/// `InMemorySyncService` over a `SyncLog` (a restart replaces the service and keeps the log).
///
/// Each device's requests meet the faults planned for its current sync, in order. Pushes it
/// delays wait in the network until a step delivers them (answers to nobody).
actor SimulatedNetwork {
    private(set) var server: InMemorySyncService
    private var plans: [Int: [Fault]] = [:]
    /// Pushes held in the network, in the order they were sent.
    private(set) var held: [PushRequest] = []
    /// Per device, the server's log as it was after the device's previous request.
    private var logAtLastRequest: [Int: SyncLog] = [:]

    /// Per device, its id when pulls leave out the device's own changes.
    private let leftOut: [Int: String]

    /// Items the server compacts after each push (nil: none).
    private let compactionStep: Int?

    /// A network to a new server with that epoch; with `leavingOut`, pulls leave out the
    /// changes of the asking device (given by index: id), as the HTTP server does; with
    /// `compactionStep`, the server compacts that many items after each push.
    init(epoch: String, leavingOut: [Int: String] = [:], compactionStep: Int? = nil) {
        server = InMemorySyncService(log: SyncLog(epoch: epoch), compactionStep: compactionStep)
        leftOut = leavingOut
        self.compactionStep = compactionStep
    }

    /// The page without the asking device's own changes, when the server leaves them out (the
    /// cursor still moves past them).
    private func forDevice(_ page: PullResponse, _ device: Int, log: SyncLog) -> PullResponse {
        guard let deviceID = leftOut[device] else { return page }
        var page = page
        page.changes.removeAll { log.leavesOut($0.change.timestamp, for: deviceID) }
        return page
    }

    var log: SyncLog {
        get async { await server.log }
    }

    /// The faults the next requests of `device` meet (the ones after them are delivered).
    func plan(_ faults: [Fault], for device: Int) {
        plans[device] = faults
    }

    private func nextFault(for device: Int) -> Fault {
        guard var faults = plans[device], !faults.isEmpty else { return .deliver }
        let fault = faults.removeFirst()
        plans[device] = faults
        return fault
    }

    func push(_ request: PushRequest, from device: Int) async throws -> PushResponse {
        let fault = nextFault(for: device)
        switch fault {
        case .dropRequest: throw TransportError.cannotConnect(url: "push", reason: "simulated: request lost")
        case .crashBefore: throw SimulatedCrash()
        case .delay:
            held.append(request)
            throw TransportError.timedOut(url: "push")
        case .deliver, .dropResponse, .duplicate, .crashAfter: break
        }
        var response = await server.push(request)
        if fault == .duplicate { response = await server.push(request) }
        logAtLastRequest[device] = await server.log
        switch fault {
        case .dropResponse: throw TransportError.timedOut(url: "push")
        case .crashAfter: throw SimulatedCrash()
        default: return response
        }
    }

    /// A pull, which names the asking device and its log's last sequence as `folio sync` does
    /// (the server notes what the device acknowledged).
    func pull(after cursor: String?, limit: Int, order: PullOrder, from device: Int, deviceID: String?, deviceSequence: Int64?)
        async throws -> PullResponse
    {
        let fault = nextFault(for: device)
        switch fault {
        case .dropRequest: throw TransportError.cannotConnect(url: "pull", reason: "simulated: request lost")
        case .crashBefore: throw SimulatedCrash()
        default: await server.recordPull(after: cursor, device: deviceID, deviceSequence: deviceSequence)
        }
        switch fault {
        case .dropRequest, .crashBefore: break
        case .delay:
            // Answered from the log as it was when this device last heard from the server: the
            // pushes of others since then are ordered after this pull.
            let current = await server.log
            if let earlier = logAtLastRequest[device], earlier.epoch == current.epoch,
                (cursor.flatMap(SyncCursor.init(token:))?.sequence ?? 0) <= earlier.lastSequence
            {
                return forDevice(earlier.pull(after: cursor, limit: limit, order: order), device, log: earlier)
            }
        case .deliver, .dropResponse, .duplicate, .crashAfter: break
        }
        var response = forDevice(await server.pull(after: cursor, limit: limit, order: order), device, log: await server.log)
        if let deviceID, await server.mustRejoin(device: deviceID) { response.rejoin = true }
        logAtLastRequest[device] = await server.log
        switch fault {
        case .dropResponse: throw TransportError.timedOut(url: "pull")
        case .crashAfter: throw SimulatedCrash()
        default: return response
        }
    }

    /// Delivers one held push (position `index` modulo their count); nothing when none is held.
    func deliverHeld(_ index: Int) async {
        guard !held.isEmpty else { return }
        let request = held.remove(at: index % held.count)
        _ = await server.push(request)
    }

    /// Delivers every held push, oldest first.
    func deliverAllHeld() async {
        while !held.isEmpty { await deliverHeld(0) }
    }

    /// A new server process over the same stored log.
    func restartServer() async {
        server = InMemorySyncService(log: await server.log, compactionStep: compactionStep)
    }

    /// The server compacts up to `itemLimit` items at once (`folio-server compact`).
    func compactServer(itemLimit: Int) async {
        await server.compact(itemLimit: itemLimit)
    }

    /// A request of a device that rejoins, straight to the server.
    func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? {
        try await server.rejoin(request)
    }

    /// The server forgets a device (`folio-server device forget`).
    func forget(device: String) async {
        await server.forget(device: device)
    }

    /// The rogue client's last device sequence.
    private var rogueSequence: Int64 = 0

    /// A push by a client that is not one of the devices (`SimulationStep.Action.hostilePush`),
    /// straight to the server. Whatever it answers, the end checks find any change it stored
    /// ("phantom": no device made it).
    func hostilePush(_ change: Change) async {
        rogueSequence += 1
        _ = await server.push(
            PushRequest(deviceID: SimulationGenerator.rogueDevice, mutations: [Mutation(deviceSequence: rogueSequence, change: change)]))
    }

    /// A server that lost its data: an empty log with a new epoch.
    func resetServer(epoch: String) async {
        server = InMemorySyncService(log: SyncLog(epoch: epoch), compactionStep: compactionStep)
    }

    /// No faults from now on.
    func clearPlans() {
        plans = [:]
    }
}

/// One device's connection to the simulated network, as its sync engine sees it.
struct SimulatedLink: SyncService {
    let network: SimulatedNetwork
    let device: Int
    /// The device's store, read at each pull for its id and last sequence (as
    /// `HTTPSyncService` does).
    let store: Store

    func push(_ request: PushRequest) async throws -> PushResponse {
        try await network.push(request, from: device)
    }

    func pull(after cursor: String?, limit: Int, order: PullOrder, acknowledging: Bool) async throws -> PullResponse {
        try await network.pull(
            after: cursor, limit: limit, order: order, from: device, deviceID: try store.deviceID(),
            deviceSequence: acknowledging ? try store.lastChangeSequence() : nil)
    }

    func digest() async throws -> LibraryDigest? {
        await network.log.digest()
    }

    func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? {
        try await network.rejoin(request)
    }
}
