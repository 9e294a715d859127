import Foundation
import Models
import Testing

/// Shortens a failing history: takes steps (and faults) out while the same check still fails.
enum SimulationShrinker {
    /// The shortest history found that still fails `failure.check`, with its failure. Tries at
    /// most `budget` replays.
    static func shrink(
        _ steps: [SimulationStep], shape: SimulationGenerator.Shape, failure: SimulationFailure, budget: Int = 300
    ) async throws -> (steps: [SimulationStep], failure: SimulationFailure) {
        var current = steps
        var currentFailure = failure
        var replays = 0
        func stillFails(_ candidate: [SimulationStep]) async throws -> SimulationFailure? {
            replays += 1
            let result = try await Simulation.replay(candidate, shape: shape)
            return result?.check == failure.check ? result : nil
        }
        // Take out runs of steps, halving their length down to single steps; then single steps
        // again until none can go.
        var chunk = max(1, current.count / 2)
        var removedOne = true
        while (chunk > 1 || removedOne) && replays < budget {
            removedOne = false
            var start = 0
            while start < current.count && replays < budget {
                var candidate = current
                candidate.removeSubrange(start..<min(current.count, start + chunk))
                if let result = try await stillFails(candidate) {
                    current = candidate
                    currentFailure = result
                    removedOne = removedOne || chunk == 1
                } else {
                    start += chunk
                }
            }
            chunk = max(1, chunk / 2)
        }
        // Syncs without their faults, and steps without their time advance.
        for index in current.indices where replays < budget {
            var candidate = current
            if case .sync(let device, let pushBatch, let page, let faults) = current[index].action, !faults.isEmpty {
                candidate[index].action = .sync(device: device, pushBatch: pushBatch, page: page, faults: [])
                if let result = try await stillFails(candidate) {
                    current = candidate
                    currentFailure = result
                }
            }
        }
        return (current, currentFailure)
    }
}

/// The deterministic simulation of issue 4 (docs/sync-protocol.md, "Deterministic
/// simulation"): `FOLIO_SIM_SEED=<start> FOLIO_SIM_RUNS=<n> swift test --filter Simulation`.
@Suite struct SimulationTests {
    @Test func seededScenariosConvergeWithNothingLostOrAppliedTwice() async throws {
        let environment = ProcessInfo.processInfo.environment
        let start = environment["FOLIO_SIM_SEED"].flatMap { UInt64($0) } ?? 1
        let runs = environment["FOLIO_SIM_RUNS"].flatMap { Int($0) } ?? 500
        let maximumSteps = environment["FOLIO_SIM_STEPS"].flatMap { Int($0) } ?? 30
        // Scenarios are independent, each deterministic on its own: run two at a time (the
        // machine's two cores), and report the first failing seed in seed order.
        let jobs = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
        var counts: [String: Int] = [:]
        let clock = ContinuousClock()
        let began = clock.now
        let seeds = start..<(start + UInt64(max(0, runs)))
        let failed = try await withThrowingTaskGroup(of: (UInt64, Simulation.Outcome).self) { group in
            var pending = seeds.makeIterator()
            var failures: [(UInt64, Simulation.Outcome)] = []
            for _ in 0..<jobs {
                guard let seed = pending.next() else { break }
                group.addTask { (seed, try await Simulation.run(seed: seed, maximumSteps: maximumSteps)) }
            }
            var done = 0
            while let (seed, outcome) = try await group.next() {
                Self.count(outcome.steps, into: &counts)
                counts.merge(outcome.bodyCounts, uniquingKeysWith: +)
                done += 1
                if done % 1000 == 0 {
                    print("simulation: \(done) of \(runs) scenarios run, \(String(format: "%.0f", (clock.now - began) / .seconds(1))) s")
                }
                if outcome.failure != nil {
                    failures.append((seed, outcome))
                } else if failures.isEmpty, let next = pending.next() {
                    group.addTask { (next, try await Simulation.run(seed: next, maximumSteps: maximumSteps)) }
                }
            }
            return failures.min { $0.0 < $1.0 }
        }
        if let (seed, outcome) = failed, let failure = outcome.failure {
            let (steps, shortFailure) = try await SimulationShrinker.shrink(outcome.steps, shape: outcome.shape, failure: failure)
            let history = steps.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            Issue.record(
                """
                simulation seed \(seed) failed: \(failure)
                reproduce: FOLIO_SIM_SEED=\(seed) FOLIO_SIM_RUNS=1\(maximumSteps == 30 ? "" : " FOLIO_SIM_STEPS=\(maximumSteps)") \
                swift test --filter Simulation
                \(outcome.shape.devices) devices\(outcome.shape.pullsLeaveOutOwnChanges ? ", pulls leave out own changes" : ""); the history shortened from \(outcome.steps.count) to \(steps.count) steps, \
                then the final syncs (faults off) and checks:
                \(history)
                which fails with \(shortFailure)
                """)
            return
        }
        let seconds = (clock.now - began) / .seconds(1)
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print(
            "simulation: \(runs) scenarios from seed \(start) passed in \(String(format: "%.1f", seconds)) s "
                + "(\(String(format: "%.0f", Double(runs) / max(seconds, 0.001))) a second); \(summary)")
    }

    /// Seeds of long runs that found a bug, run in every `make test`: 502721 (a device's own
    /// changes of an article looked purged and settled on their own, though another device had
    /// brought it back) and 602504 (a note created on one device and edited on another showed a
    /// conflict on the first once its versions went there), both in compaction on devices; and
    /// eight of devices the server forgot (docs/sync-protocol.md, "A device that comes back"):
    /// 700235 (without rejoining, a forgotten device's edits diverge), 701447 (a device that
    /// compacted a purged article's creation needs it again once a forgotten device writes to
    /// the article: the server sends again what it holds of it), 702024 (a device that took a
    /// note's first body out of its creation gets it back when a forgotten device edited from
    /// it), 710079 (the server had taken that body out too, and gets it back from the device
    /// that rejoins), 714900 (the same, after compaction took a lost tag out of the snapshot
    /// as well) and 715710 (a device compacted by what a page said was settled before the
    /// server itself compacted anything: that counts too), 722934 (a note version sent back
    /// by a device that rejoined, whose later version other devices had compacted in the
    /// meantime, was a head of its own there: the server sends the note's changes again too)
    /// 736179 (the device that made a purged article kept its own creation, and with it the
    /// tag removal it had merged before the purge: once a forgotten device brought the article
    /// back, that device alone showed it untagged) and 738752 (what the server stored again for
    /// a device's rejoin came after the end of that device's pull, which left it one pull
    /// behind: its digest check skipped), and 736820, 745140 and 746769 (a note version in the
    /// middle of a line that its author kept and the others dropped while a forgotten device
    /// edited an older one: the author merged the edits where the others showed a conflict;
    /// now the server asks its devices back) and 756452 (the same, with the version kept by a
    /// device that had merged it, not by its author), and 767147 (a note purged with its
    /// article while a device was away came back as that device held it, which the check
    /// allows, but the group of lost changes held that device's own later removal of a tag that
    /// went with the history, and the check wanted every one older than the purge).
    @Test(
        arguments: [
            502_721, 602_504, 700_235, 701_447, 702_024, 710_079, 714_900, 715_710, 722_934, 736_179, 738_752, 736_820, 745_140, 746_769, 756_452,
            767_147,
        ]
            as [UInt64])
    func seedsThatFoundBugsConverge(seed: UInt64) async throws {
        let outcome = try await Simulation.run(seed: seed)
        #expect(outcome.failure == nil, "seed \(seed): \(String(describing: outcome.failure))")
    }

    @Test func aSeedReplaysIdentically() async throws {
        for seed: UInt64 in [7, 8] {
            let first = try await Simulation.run(seed: seed)
            let second = try await Simulation.run(seed: seed)
            #expect(first.steps.map(\.description) == second.steps.map(\.description))
            #expect(first.libraryHash != nil)
            #expect(first.libraryHash == second.libraryHash)
            #expect(try await Simulation.replay(first.steps, shape: first.shape) == nil)
        }
    }

    /// Tallies what the histories did, for the summary line.
    static func count(_ steps: [SimulationStep], into counts: inout [String: Int]) {
        counts["steps", default: 0] += steps.count
        for step in steps {
            switch step.action {
            case .work(_, let operation):
                counts["operations", default: 0] += 1
                switch operation {
                case .resolveNote: counts["resolves", default: 0] += 1
                case .editNote(_, let edit) where edit.body != nil: counts["note body edits", default: 0] += 1
                case .editNote: counts["note tag edits", default: 0] += 1
                case .addNote: counts["note adds", default: 0] += 1
                case .addArticle: counts["article adds", default: 0] += 1
                default: break
                }
            case .sync(_, _, _, let faults):
                counts["syncs", default: 0] += 1
                for fault in faults where fault != .deliver { counts[fault.description, default: 0] += 1 }
            case .deliverHeld: counts["late deliveries", default: 0] += 1
            case .crash: counts["crashes", default: 0] += 1
            case .restartServer: counts["server restarts", default: 0] += 1
            case .resetServer: counts["server resets", default: 0] += 1
            case .clockJump: counts["clock jumps", default: 0] += 1
            case .hostilePush: counts["hostile pushes", default: 0] += 1
            case .compactServer: counts["server compactions", default: 0] += 1
            case .forgetDevice: counts["devices forgotten", default: 0] += 1
            }
        }
    }
}
