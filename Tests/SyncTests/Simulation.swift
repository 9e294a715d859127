import FolioTestSupport
import Foundation
import HTTP
import Models
import Testing

@testable import Storage
@testable import Sync

/// What went wrong in a simulated scenario: which check, and how.
struct SimulationFailure: Error, CustomStringConvertible {
    /// The check that failed (a shortened history must fail the same one).
    var check: String
    var detail: String

    var description: String { "\(check): \(detail)" }
}

/// A simulated device: a real store in a SQLite file, opened again after a crash.
final class SimulatedDevice {
    let index: Int
    let path: String
    let configuration: StoreConfiguration
    private(set) var store: Store
    /// Every change the device's store said it committed, in order (kept across crashes).
    private(set) var committed: [Change] = []

    init(index: Int, folder: URL, deviceID: String, time: SimulatedTime) throws {
        self.index = index
        path = folder.appendingPathComponent("device\(index).sqlite").path
        configuration = StoreConfiguration(lockTimeout: 1, now: { time.now(device: index) }, deviceID: deviceID)
        store = try Store(path: path, configuration: configuration)
    }

    /// The process dies: everything in memory is gone, the file stays, and the store is
    /// opened again from it.
    func crash() throws {
        store = try Store(path: path, configuration: configuration)
    }

    /// The whole change log of the store, oldest first.
    func changeLog() throws -> [Change] {
        try store.read { db in try Change.fetchAll(db, sql: "SELECT * FROM change ORDER BY sequence") }
    }

    /// Adds what the store committed since last time to `committed`.
    func noteCommitted() throws {
        let last = committed.last?.sequence ?? 0
        committed += try store.read { db in
            try Change.fetchAll(db, sql: "SELECT * FROM change WHERE sequence > ? ORDER BY sequence", arguments: [last])
        }
    }

    /// The clocks of the merged changes the store holds (`remoteChange`): a change of this
    /// device's own that it compacted comes back there when a device that rejoined sends it
    /// back (`RejoinRules`).
    func mergedClocks() throws -> Set<HLCTimestamp> {
        try store.read { db in Set(try String.fetchAll(db, sql: "SELECT timestamp FROM remoteChange").compactMap(HLCTimestamp.init)) }
    }

    /// The clocks of the changes compaction dropped from the store (`CompactedClocks`).
    func compactedClocks() throws -> Set<HLCTimestamp> {
        try store.read { db in try CompactedClocks.all(db) }
    }

    /// Every article (in the trash too) and every note.
    func library() throws -> LibrarySnapshot { try LibrarySnapshot(store) }
}

/// One seeded multi-device scenario on the real store and sync engine: devices work offline,
/// sync through a faulty network, crash, and the server restarts; at the end every device
/// syncs until quiet and the whole system is checked (see docs/sync-protocol.md).
final class Simulation {
    let shape: SimulationGenerator.Shape
    let folder: URL
    let time: SimulatedTime
    let network: SimulatedNetwork
    private(set) var devices: [SimulatedDevice] = []
    /// The hash of the final library, once `finish` checked it.
    private(set) var libraryHash: String?
    /// How the notes' bodies ended, for the summary: merged from concurrent edits, or still
    /// in conflict.
    private(set) var bodyCounts: [String: Int] = [:]
    /// Whether the server forgot a device in this scenario: a device that comes back with an
    /// edit of a note version compaction dropped meanwhile may see it become a conflict where it
    /// would have merged (docs/sync-protocol.md, "A device that comes back").
    private var forgotDevice = false

    init(shape: SimulationGenerator.Shape) throws {
        self.shape = shape
        let base =
            FileManager.default.fileExists(atPath: "/dev/shm")
            ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        folder = base.appendingPathComponent("folio-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        time = SimulatedTime(startMillis: shape.startMillis, skews: shape.skews)
        network = SimulatedNetwork(
            epoch: shape.epoch,
            leavingOut: shape.pullsLeaveOutOwnChanges
                ? Dictionary(uniqueKeysWithValues: shape.deviceIDs.enumerated().map { ($0.offset, $0.element) }) : [:],
            compactionStep: shape.compactionStep)
        for index in 0..<shape.devices {
            devices.append(try SimulatedDevice(index: index, folder: folder, deviceID: shape.deviceIDs[index], time: time))
        }
    }

    deinit {
        devices.removeAll()
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Running a history

    /// What running a scenario gave.
    struct Outcome: Sendable {
        var shape: SimulationGenerator.Shape
        /// The steps that ran (up to the failing one).
        var steps: [SimulationStep]
        var failure: SimulationFailure?
        /// The hash of the final library, when every check passed.
        var libraryHash: String?
        var bodyCounts: [String: Int] = [:]
    }

    /// Runs the scenario of `seed` (of at most `maximumSteps` steps before the final syncs):
    /// its generated steps, then the final checks.
    static func run(seed: UInt64, maximumSteps: Int = 30) async throws -> Outcome {
        var generator = SimulationGenerator(seed: seed, maximumSteps: maximumSteps)
        let shape = generator.shape()
        let simulation = try Simulation(shape: shape)
        var steps: [SimulationStep] = []
        var taken = 0
        while taken < shape.steps {
            let step = try generator.step(
                devices: shape.devices, libraries: { try simulation.devices[$0].library() }, now: { simulation.time.now(device: $0) })
            steps.append(step)
            // A device forgotten, and what follows it, comes on top of the scenario's steps.
            if !generator.lastStepWasExtra { taken += 1 }
            if let failure = await simulation.perform(step) { return Outcome(shape: shape, steps: steps, failure: failure) }
        }
        let failure = await simulation.finish()
        return Outcome(
            shape: shape, steps: steps, failure: failure, libraryHash: simulation.libraryHash, bodyCounts: simulation.bodyCounts)
    }

    /// Runs given steps on a fresh system of that shape, then the final checks.
    static func replay(_ steps: [SimulationStep], shape: SimulationGenerator.Shape) async throws -> SimulationFailure? {
        let simulation = try Simulation(shape: shape)
        for step in steps {
            if let failure = await simulation.perform(step) { return failure }
        }
        return await simulation.finish()
    }

    /// Runs one step; a failure when the system misbehaved.
    func perform(_ step: SimulationStep) async -> SimulationFailure? {
        time.advance(by: step.advance)
        do {
            switch step.action {
            case .work(let device, let operation):
                try work(operation, on: devices[device])
            case .sync(let device, let pushBatch, let page, let faults):
                await network.plan(faults, for: device)
                try await sync(devices[device], pushBatch: pushBatch, page: page)
                await network.plan([], for: device)
            case .deliverHeld(let index): await network.deliverHeld(index)
            case .crash(let device): try devices[device].crash()
            case .restartServer: await network.restartServer()
            case .resetServer(let epoch): await network.resetServer(epoch: epoch)
            case .clockJump(let device, let millis): time.shift(device: device, by: millis)
            case .hostilePush(let change): await network.hostilePush(change)
            case .compactServer(let itemLimit): await network.compactServer(itemLimit: itemLimit)
            case .forgetDevice(let device):
                forgotDevice = true
                await network.forget(device: try devices[device].store.deviceID())
            }
            return nil
        } catch let failure as SimulationFailure {
            return failure
        } catch {
            return SimulationFailure(check: "step", detail: "\(step) threw \(error)")
        }
    }

    /// One sync with whatever faults the network has planned; a crash reopens the store.
    private func sync(_ device: SimulatedDevice, pushBatch: Int, page: Int) async throws {
        var engine = SyncEngine(
            store: device.store, service: SimulatedLink(network: network, device: device.index, store: device.store), pushBatchSize: pushBatch,
            pullPageSize: page)
        engine.compactionStep = shape.deviceCompactionStep
        do {
            let summary = try await engine.sync()
            if let rejoin = summary.rejoin {
                bodyCounts["rejoins", default: 0] += 1
                bodyCounts["changes sent back on rejoining", default: 0] += rejoin.sentBack
                bodyCounts["changes dropped on rejoining", default: 0] += rejoin.dropped
            }
        } catch is SimulatedCrash {
            try device.crash()
        } catch is TransportError {
            // A failed sync: the next one starts again where this one stopped.
        } catch SyncError.tooManyRemovals {
            // The removal guard stopped it before applying the page; the final syncs force it.
        } catch {
            throw SimulationFailure(check: "sync", detail: "d\(device.index)'s sync failed: \(error)")
        }
    }

    /// Runs one operation when it still makes sense on the device (a shortened history may
    /// name an item the device does not have); then checks that what the device shows of the
    /// items it touched is what the merge rules make of the changes it knows.
    private func work(_ operation: SimulatedOperation, on device: SimulatedDevice) throws {
        let store = device.store
        func article(_ id: String) throws -> Article? { try Self.found { () throws(StoreError) in try store.article(id: id) } }
        func note(_ id: String) throws -> Note? { try Self.found { () throws(StoreError) in try store.note(id: id) } }
        func trashed(_ item: ItemID) throws -> Bool? {
            switch item {
            case .article(let id): try article(id).map(\.isTrashed)
            case .note(let id): try note(id).map(\.isTrashed)
            }
        }
        var touched = Set(operation.itemIDs)
        do {
            switch operation {
            case .addArticle(let added):
                guard try article(added.id) == nil else { return }
                try store.add(added)
            case .editArticle(let id, let edit):
                guard try article(id) != nil else { return }
                try store.edit(articleID: id, edit)
            case .addNote(let added):
                guard try note(added.id) == nil else { return }
                if let articleID = added.articleID {
                    guard let target = try article(articleID) else { return }
                    if let quote = added.quote, !Store.text(target.content, contains: quote) { return }
                }
                try store.add(added)
            case .editNote(let id, let edit):
                guard try note(id) != nil else { return }
                try store.edit(noteID: id, edit)
            case .resolveNote(let id, let side):
                guard let shown = try note(id), shown.hasConflict else { return }
                let bodies = [shown.body] + shown.conflicts.map(\.body)
                try store.resolveConflict(noteID: id, body: bodies[min(side, bodies.count - 1)])
            case .trash(let item):
                guard try trashed(item) == false else { return }
                try store.trash(item)
            case .restore(let item):
                guard try trashed(item) == true else { return }
                try store.restore(item)
            case .purge(.article(let id)):
                guard try article(id) != nil else { return }
                touched.formUnion(try (store.notes(articleID: id) + store.notes(articleID: id, trashed: true)).map(\.id))
                try store.purge(articleID: id)
            case .purge(.note(let id)):
                guard try note(id) != nil else { return }
                try store.purge(noteID: id)
            case .emptyTrash:
                let library = try device.library()
                touched.formUnion(library.articles.filter(\.isTrashed).map(\.id))
                touched.formUnion(library.notes.map(\.id))
                try store.emptyTrash()
            }
        } catch {
            throw SimulationFailure(
                check: "operation", detail: "d\(device.index) \(SimulationStep.describe(operation)) failed: \(error)")
        }
        try device.noteCommitted()
        try checkLocalView(of: device, items: touched)
    }

    /// What the device shows of each item equals what the merge rules make of every change it
    /// knows for the item: a local write says the same as a sync would.
    private func checkLocalView(of device: SimulatedDevice, items: Set<String>) throws {
        for id in items.sorted() {
            let store = device.store
            let changes = try store.read { db in try Store.knownChanges(db, entityID: id) }
            var state = MergeState()
            for change in changes { MergeRules.apply(change, to: &state) }
            let shown: String?
            let merged: String?
            if changes.first?.entity == .note {
                var note = state.note(id: id).item
                if let articleID = note?.articleID, try Self.found({ () throws(StoreError) in try store.article(id: articleID) }) == nil {
                    note = nil  // waits for its article
                }
                shown = try Self.found { () throws(StoreError) in try store.note(id: id) }.map(FolioJSON.string)
                merged = try note.map(FolioJSON.string)
            } else {
                shown = try Self.found { () throws(StoreError) in try store.article(id: id) }.map(FolioJSON.string)
                merged = try state.article(id: id).item.map(FolioJSON.string)
            }
            if shown != merged {
                throw SimulationFailure(
                    check: "local view",
                    detail:
                        "d\(device.index) shows \(SimulationStep.name(id)) as \(shown ?? "absent"), but its changes merge to \(merged ?? "absent")")
            }
        }
    }

    /// The item `body` reads, or nil when the store has none.
    static func found<Item>(_ body: () throws(StoreError) -> Item) throws -> Item? {
        do {
            return try body()
        } catch .notFound {
            return nil
        }
    }

    // MARK: The end: sync until quiet, then check

    /// Delivers what the network holds, syncs every device (faults off) until a round moves
    /// nothing, and checks the whole system.
    func finish() async -> SimulationFailure? {
        do {
            await network.clearPlans()
            await network.deliverAllHeld()
            try await syncUntilQuiet()
            try await check()
            return nil
        } catch let failure as SimulationFailure {
            return failure
        } catch {
            return SimulationFailure(check: "finish", detail: "\(error)")
        }
    }

    private func syncUntilQuiet() async throws {
        for _ in 0..<8 {
            var quiet = true
            var digests: [DigestCheck] = []
            for device in devices {
                var engine = SyncEngine(store: device.store, service: SimulatedLink(network: network, device: device.index, store: device.store))
                engine.removalGuard = nil  // as `folio sync --force`, once a person has looked
                let summary: SyncSummary
                do {
                    summary = try await engine.sync()
                } catch {
                    throw SimulationFailure(check: "settle", detail: "d\(device.index)'s sync failed with no faults: \(error)")
                }
                if summary.pushed + summary.duplicates + summary.pulled > 0 || summary.serverWasReset { quiet = false }
                if summary.rejoin != nil { bodyCounts["rejoins", default: 0] += 1 }
                digests.append(summary.digest)
            }
            if quiet {
                // Once quiet, every device's digest matches the server's.
                if let index = digests.firstIndex(where: { $0 != .match }) {
                    throw SimulationFailure(check: "digest", detail: "d\(index)'s digest check after the final syncs: \(digests[index])")
                }
                return
            }
        }
        throw SimulationFailure(check: "settle", detail: "8 rounds of syncs with no faults and the devices still move changes")
    }

    /// The checks of docs/sync-protocol.md, "Deterministic simulation".
    private func check() async throws {
        let log = await network.log
        let serverChanges = log.changes.map(\.change)

        // 4. Nothing was applied twice: a change (its timestamp) is on the server once.
        var onServer: [HLCTimestamp: Change] = [:]
        for change in serverChanges {
            guard onServer.updateValue(change, forKey: change.timestamp) == nil else {
                throw SimulationFailure(check: "applied twice", detail: "the server holds \(change.timestamp) twice")
            }
        }

        // 1. Every device holds the same library.
        let libraries = try devices.map { try Self.canonicalLibrary(of: $0.store) }
        for (index, library) in libraries.enumerated().dropFirst() where library != libraries[0] {
            throw SimulationFailure(check: "devices differ", detail: "d0 and d\(index): " + Self.difference(libraries[0], library))
        }

        // 4. No item exists twice on a device.
        for (index, library) in libraries.enumerated() {
            let ids = try devices[index].library()
            let noteIDs = ids.notes.map(\.id)
            let articleIDs = ids.articles.map(\.id)
            if Set(noteIDs).count != noteIDs.count || Set(articleIDs).count != articleIDs.count {
                throw SimulationFailure(check: "twice", detail: "d\(index) holds an item twice: \(library.joined(separator: "\n"))")
            }
        }

        // 2. The server's log, replayed into a fresh store, gives the same library.
        let fresh = try Store(inMemory: StoreConfiguration(deviceID: "replay"))
        try fresh.applyRemote(serverChanges)
        let replayed = try Self.canonicalLibrary(of: fresh)
        if replayed != libraries[0] {
            throw SimulationFailure(check: "server differs", detail: "d0 and the server's log: " + Self.difference(libraries[0], replayed))
        }

        // 3. The library is the merge of every change on the server, under MergeRules...
        var states: [String: (entity: Change.Entity, state: MergeState)] = [:]
        for change in serverChanges {
            MergeRules.apply(change, to: &states[change.entityID, default: (change.entity, MergeState())].state)
        }
        let merged = try Self.canonicalLibrary(merging: states)
        if merged != libraries[0] {
            throw SimulationFailure(check: "merge differs", detail: "d0 and the merge of the server's log: " + Self.difference(libraries[0], merged))
        }

        // ...and every change a device committed is on the server exactly once (so present in
        // that merge, or superseded by a later write), and is still in the device's log.
        var made = Set<HLCTimestamp>()
        var compacted = 0
        /// Per item, what devices made that the server compacted away (or kept smaller).
        var compactedAway: [String: [Change]] = [:]
        for device in devices {
            // The change log still holds every change the store said it committed, crashes
            // included: as committed, or as compaction kept it (smaller, or only its clock),
            // or among the merged changes when it came back after compaction here (stored
            // again by a device that rejoined).
            let changeLog = try device.changeLog()
            let compactedHere = try device.compactedClocks().union(try device.mergedClocks())
            var logged = [HLCTimestamp: Change]()
            for change in changeLog { logged[change.timestamp] = change }
            for change in device.committed {
                if let kept = logged.removeValue(forKey: change.timestamp), kept == change || Self.isCompactedForm(kept, of: change) {
                    continue
                }
                guard compactedHere.contains(change.timestamp) else {
                    throw SimulationFailure(
                        check: "lost locally",
                        detail: "d\(device.index)'s change log lost \(change.timestamp); it holds \(changeLog.count) of \(device.committed.count)")
                }
            }
            if !logged.isEmpty {
                throw SimulationFailure(check: "lost locally", detail: "d\(device.index)'s change log holds changes it never committed")
            }
            if let rejected = try device.store.rejectedChanges().first {
                throw SimulationFailure(check: "rejected", detail: "d\(device.index): \(rejected.change.timestamp) \(rejected.reason)")
            }
            for change in device.committed {
                made.insert(change.timestamp)
                var sent = change
                sent.sequence = 0
                guard var stored = onServer[change.timestamp] else {
                    // Compacted away (by the server, or by the device before a server that lost
                    // its data got its log again): it must not matter any more.
                    if log.timestamps.contains(change.timestamp) || compactedHere.contains(change.timestamp) {
                        compactedAway[change.entityID, default: []].append(change)
                        compacted += 1
                        continue
                    }
                    throw SimulationFailure(
                        check: "lost",
                        detail:
                            "d\(device.index)'s change \(change.timestamp) (\(change.operation) \(SimulationStep.name(change.entityID))) is not on the server"
                    )
                }
                stored.sequence = 0
                guard stored == sent || Self.isCompactedForm(stored, of: sent) else {
                    throw SimulationFailure(check: "altered", detail: "the server holds \(stored), d\(device.index) made \(sent)")
                }
                if stored != sent {
                    // Kept as a smaller snapshot: what it lost must not matter.
                    compactedAway[change.entityID, default: []].append(change)
                    continue
                }
                var state = states[change.entityID]?.state ?? MergeState()
                guard MergeRules.apply(change, to: &state) == .superseded else {
                    throw SimulationFailure(check: "lost", detail: "\(change.timestamp) is not part of the merged state")
                }
            }
        }
        if let phantom = serverChanges.first(where: { !made.contains($0.timestamp) }) {
            throw SimulationFailure(check: "phantom", detail: "the server holds \(phantom.timestamp), which no device made")
        }
        for (id, changes) in compactedAway {
            switch try Self.checkSuperseded(changes, in: states[id]?.state ?? MergeState(), forgotDevice: forgotDevice) {
            case .conflictInsteadOfMerge?: bodyCounts["conflicts where a forgotten device's edit would have merged", default: 0] += 1
            case .purgedHistoryStaysGone?: bodyCounts["purged items a forgotten device brought back as it held them", default: 0] += 1
            case nil: break
            }
        }
        if compacted > 0 { bodyCounts["device changes compacted on the server", default: 0] += compacted }
        libraryHash = Self.hash(libraries[0])
        for (_, item) in states where item.entity == .note {
            guard let body = item.state.noteBody else { continue }
            if !body.conflicts.isEmpty {
                bodyCounts["notes in conflict", default: 0] += 1
            } else if body.heads.count > 1 {
                bodyCounts["merged bodies", default: 0] += 1
            }
        }
    }

    /// Checks that the changes of one item the server compacted away (or kept smaller) no
    /// longer matter: merged again into what the server's changes make of the item, all of
    /// them together (a note version alone, without the ones between it and the head, would
    /// be a head of its own), they change neither what the item shows nor its essentials.
    ///
    /// `forgotDevice` (the server forgot a device in this scenario) allows two differences
    /// that docs/sync-protocol.md ("A device that comes back") describes, and returns which:
    /// - a note whose versions went while a device was away, and which that device edited
    ///   from one of them, may show a conflict where the versions would have merged, as long
    ///   as nothing is lost: every line the merge with them shows is in the note's text or in
    ///   its conflicts;
    /// - an item purged while a device was away, which that device's later write brought
    ///   back, comes back as that device held it: changes older than the purge that only other
    ///   devices held (rule 5 dropped them) stay gone.
    @discardableResult
    static func checkSuperseded(_ changes: [Change], in state: MergeState, forgotDevice: Bool = false) throws -> SimulationTolerance? {
        guard let first = changes.first else { return nil }
        var with = state
        for change in changes { MergeRules.apply(change, to: &with) }
        let shown: (MergeState) -> String = { state in
            switch first.entity {
            case .article: "\(state.article(id: first.entityID))"
            case .note: "\(state.note(id: first.entityID))"
            }
        }
        if shown(with) == shown(state), CompactionRules.essentials(of: with) == CompactionRules.essentials(of: state) { return nil }
        if forgotDevice, first.entity == .note, let kept = state.note(id: first.entityID).item, let whole = with.note(id: first.entityID).item,
            !kept.conflicts.isEmpty
        {
            let lines = { (note: Note) in Set(([note.body] + note.conflicts.map(\.body)).flatMap { $0.split(separator: "\n") }) }
            if lines(whole).isSubset(of: lines(kept)) { return .conflictInsteadOfMerge }
        }
        let present = first.entity == .article ? state.article(id: first.entityID).item != nil : state.note(id: first.entityID).item != nil
        if forgotDevice, present, let purge = state.purgedAt {
            // Those older than the purge may stay gone; any later ones must change nothing on
            // their own (the forgotten device's own tag removal of a tag that went with the
            // history, say: seed 767147).
            var withLater = state
            for change in changes where change.timestamp >= purge { MergeRules.apply(change, to: &withLater) }
            if shown(withLater) == shown(state), CompactionRules.essentials(of: withLater) == CompactionRules.essentials(of: state) {
                return .purgedHistoryStaysGone
            }
        }
        do {
            throw SimulationFailure(
                check: "lost",
                detail:
                    "\(changes.map(\.timestamp)) (\(first.operation) \(SimulationStep.name(first.entityID))) were compacted but still matter: the server shows \(shown(state)), with them \(shown(with))"
            )
        }
    }

    /// Whether `stored` is `sent` as compaction keeps it: the same change, its snapshot
    /// without members later writes superseded.
    static func isCompactedForm(_ stored: Change, of sent: Change) -> Bool {
        var same = stored
        same.value = sent.value
        guard same == sent, stored.operation == .create, let kept = stored.value.flatMap(MergeRules.jsonFields),
            let original = sent.value.flatMap(MergeRules.jsonFields)
        else { return false }
        return kept.allSatisfy { name, value in name == "tags" || original[name] == value }
    }

    // MARK: Canonical libraries

    /// The whole library as sorted lines of JSON, every field of every article and note
    /// (tags, trash state and `updatedAt` included).
    static func canonicalLibrary(of store: Store) throws -> [String] {
        var lines: [String] = []
        try store.forEachArticle { lines.append("article " + (try FolioJSON.string($0))) }
        for note in try store.allNotes() { lines.append("note " + (try FolioJSON.string(note))) }
        return lines.sorted()
    }

    /// The library the merge rules make of the states: the articles that exist, and the notes
    /// that exist whose article does (or that belong to none).
    static func canonicalLibrary(merging states: [String: (entity: Change.Entity, state: MergeState)]) throws -> [String] {
        let articles = states.filter { $0.value.entity == .article }.compactMap { $0.value.state.article(id: $0.key).item }
        let articleIDs = Set(articles.map(\.id))
        let notes = states.filter { $0.value.entity == .note }.compactMap { $0.value.state.note(id: $0.key).item }
            .filter { note in note.articleID.map(articleIDs.contains) ?? true }
        return (try articles.map { "article " + (try FolioJSON.string($0)) } + notes.map { "note " + (try FolioJSON.string($0)) }).sorted()
    }

    /// A stable 64-bit hash of a canonical library (FNV-1a), for short messages.
    static func hash(_ lines: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in lines.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    /// The lines only one side has.
    static func difference(_ left: [String], _ right: [String]) -> String {
        let (leftSet, rightSet) = (Set(left), Set(right))
        let onlyLeft = left.filter { !rightSet.contains($0) }
        let onlyRight = right.filter { !leftSet.contains($0) }
        return "hash \(hash(left)) vs \(hash(right))\n  only in the first:\n    " + onlyLeft.joined(separator: "\n    ")
            + "\n  only in the second:\n    " + onlyRight.joined(separator: "\n    ")
    }
}
