import ArgumentParser
import Foundation
import Models
import Storage
import Sync

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push local changes to the sync server, then pull the others'.",
        discussion: """
            Safe to interrupt and to run again: nothing is applied twice, and the next sync \
            resumes where this one stopped.

            After each sync, the device compares a digest of the changes it holds with the \
            server's (`"digest"` in --json: match, differs, skipped); --verify \
            repairs a difference by pulling everything again.

            A sync that would move more than half of the library (once that is over 10 \
            items), or more than 500 items, to the trash or delete them stops before doing \
            so (exit 65) and asks for --force: a guard against a reset or wrong server.

            Example:
              folio sync --json
            """)

    @Option(help: "Changes per pulled page (1 to 5000).")
    var pageSize = 500

    @Flag(help: "When the device and the server differ after the sync, pull everything again to repair it.")
    var verify = false

    @Flag(help: "Apply pulled changes even when they would remove more than half the library or 500 items.")
    var force = false

    @Flag(help: "Fetch pending articles (see `folio fetch`) and sync again, so their text reaches every device.")
    var fetch = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(1...5000).contains(pageSize) { throw ValidationError("--page-size must be from 1 to 5000") }
    }

    /// Rewrites one progress line on stderr.
    @Sendable static func showProgress(_ progress: SyncProgress) {
        let line: String
        switch progress {
        case .pushing(let done, let total): line = "\rpushing: \(done)/\(total) changes"
        case .pulling(let done): line = "\rpulling: \(done) changes    "
        }
        DescriptorWriter.write(line, to: STDERR_FILENO)
    }

    /// The line `folio sync` and `folio status` print when some items use a format this
    /// version cannot read (nil when none do).
    static func newerFormatWarning(unreadableItems count: Int) -> String? {
        guard count > 0 else { return nil }
        return (count == 1 ? "1 item uses" : "\(count) items use") + " a newer format: update folio"
    }

    /// Runs the sync so that Ctrl-C stops it between two steps: every page applied so far is
    /// kept (each is committed with its cursor), and the next `folio sync` goes on from there.
    static func interruptible(_ body: @escaping @Sendable () async throws -> SyncSummary) async throws -> SyncSummary {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { task.cancel() }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }
        do {
            return try await task.value
        } catch {
            guard task.isCancelled else { throw error }
            throw CLIError.interrupted("sync interrupted: what it had applied is kept; `folio sync` goes on from there")
        }
    }

    func run() async throws {
        let configuration = try SyncConfiguration.load()
        let store = try Library.open()
        // Progress on stderr, only on a terminal and only when there is much to do (a first
        // sync, or many local changes).
        let manyChanges = try store.unsyncedChangeCount() > 1000
        let firstSync = try store.syncCursor() == nil
        let showProgress = Terminal().stderrIsTTY && (manyChanges || firstSync)
        var engine = SyncEngine(
            store: store,
            service: try configuration.service(deviceID: { try? store.deviceID() }, lastSequence: { try? store.lastChangeSequence() }),
            pullPageSize: pageSize,
            progress: showProgress ? Self.showProgress : nil)
        if force { engine.removalGuard = nil }
        engine.deviceName = configuration.resolvedDeviceName
        var summary = try await Self.interruptible { [engine, verify] in try await engine.sync(repair: verify) }
        if showProgress { DescriptorWriter.write("\r\u{1B}[K", to: STDERR_FILENO) }
        // With --fetch: fetch what is pending now (this device's and what was just pulled),
        // then sync again so the text reaches the other devices.
        // Articles given up on as dead links (`folio list --failed`) are left out, as by
        // `folio fetch`.
        if fetch, case let pending = try store.pendingArticles(), !pending.isEmpty {
            let fetcher = PendingFetcher(store: store, timeout: 30)
            let showsProgress = Terminal().stderrIsTTY && pending.count > 1
            let fetched = try await Interruption.run { try await fetcher.run(pending, progress: showsProgress) }
            if fetched.interrupted {
                throw CLIError.interrupted(
                    "sync interrupted while fetching: the \(fetched.fetched.count) articles fetched are kept; `folio sync --fetch` goes on")
            }
            if !fetched.failed.isEmpty {
                printError("folio: \(fetched.failed.count) of \(pending.count) pending articles could not be fetched (see `folio list --pending`)")
            }
            if !fetched.fetched.isEmpty { summary.add(try await engine.sync()) }
        }
        if output.json {
            try printJSON(summary)
        } else {
            var line = "Synced with \(configuration.server): pushed \(summary.pushed), pulled \(summary.pulled), merged \(summary.merged)"
            if summary.duplicates > 0 { line += ", \(summary.duplicates) already there" }
            if summary.removed > 0 { line += ", \(summary.removed) trashed or deleted" }
            if summary.rejected > 0 { line += ", \(summary.rejected) refused (see `folio status`)" }
            if summary.serverWasReset { line += "; the server had lost its data and got everything again" }
            if summary.deviceWasRestored {
                line += "; this library was restored from an older copy, so it continues as a new device and got everything again"
            }
            if let rejoin = summary.rejoin {
                // The server had stopped waiting for this device (forgotten, or away longer
                // than its horizon) and compacted what it held.
                line += "; rejoined the server after it stopped waiting for this device"
                if rejoin.sentBack > 0 { line += " (sent back \(rejoin.sentBack) changes it no longer had)" }
            }
            if summary.digest == .match { line += "; verified" }
            output.say(line)
            if summary.conflictedNotes > 0 {
                let notes = summary.conflictedNotes == 1 ? "1 note is" : "\(summary.conflictedNotes) notes are"
                printError(
                    "folio: \(notes) in conflict (edited on two devices at once): see `folio note list --conflicts`, then `folio note resolve ID`")
            }
            if let line = Self.newerFormatWarning(unreadableItems: summary.unreadableItems) { printError("folio: " + line) }
            switch summary.digest {
            case .differs: printError("folio: this device and the server differ; run `folio sync --verify` to repair")
            case .differsAfterRepair: printError("folio: this device and the server still differ after pulling everything again")
            case .match, .skipped: break
            }
        }
    }
}
