import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// The sync server this device uses, kept in `$FOLIO_HOME/config.json` (or
/// `$XDG_CONFIG_HOME/folio/config.json`) with mode 0600: it holds a token.
struct SyncConfiguration: Codable, Equatable {
    var server: String
    var token: String
    var caBundle: String?
    /// What other devices call this one (`folio login --device-name`, default the host name).
    var deviceName: String?

    static func file(_ paths: FolioPaths = .current()) -> URL {
        paths.configDirectory.appendingPathComponent("config.json")
    }

    static func load() throws -> SyncConfiguration {
        guard let data = FileManager.default.contents(atPath: file().path) else { throw SyncError.notLoggedIn }
        guard let configuration = try? JSONDecoder().decode(SyncConfiguration.self, from: data) else {
            throw CLIError.configuration("\(file().path) is not a Folio configuration; run `folio login` again")
        }
        return configuration
    }

    func save() throws {
        let url = Self.file()
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try FolioJSON.encoder(pretty: true).encode(self)
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
            try data.write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw CLIError.configuration("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// The server's protocol; with `deviceID`, pulls leave out that device's own changes.
    /// Seconds a sync request may stall (no byte received) before it is abandoned and retried:
    /// `$FOLIO_SYNC_TIMEOUT`, default 30.
    static var stallTimeout: Int {
        ProcessInfo.processInfo.environment["FOLIO_SYNC_TIMEOUT"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 30
    }

    func service(
        deviceID: @escaping @Sendable () -> String? = { nil }, lastSequence: @escaping @Sendable () -> Int64? = { nil }
    ) throws -> HTTPSyncService {
        let timeout = Self.stallTimeout
        let transport = try CurlTransport(
            configuration: TransportConfiguration(connectTimeout: min(10, timeout), lowSpeedSeconds: timeout, caBundlePath: caBundle))
        return HTTPSyncService(
            server: server, token: token, client: HTTPClient(transport: transport), deviceID: deviceID, lastSequence: lastSequence)
    }
}

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Use a sync server: check the URL and token, and remember them.",
        discussion: """
            The token (from `folio-server user add NAME`) is asked for on the terminal without \
            echo; `--token -` reads it from standard input and FOLIO_TOKEN from the environment, \
            so that it is never in `ps` or the shell's history.

            Examples:
              folio login https://folio.example.org
              pass show folio | folio login https://folio.example.org --token -
              FOLIO_TOKEN=folio_3f2a… folio login https://folio.example.org --device-name phone
            """)

    @Argument(help: "The server's URL, as http(s)://host[:port].") var url: String
    @Option(help: "- to read the token from standard input (a token typed here is visible in `ps`; prefer the prompt).")
    var token: String?
    @Option(help: "The name other devices show for this one (default: the host name).") var deviceName: String?
    @Option(help: "A CA bundle to trust for this server (PEM).") var cacert: String?

    @OptionGroup var output: QuietOption

    func validate() throws {
        if let deviceName, !DeviceList.isValidName(deviceName.trimmingCharacters(in: .whitespaces)) {
            throw ValidationError("--device-name takes 1 to \(DeviceList.nameLimit) characters, without control characters")
        }
    }

    func run() async throws {
        guard URLNormalizer.isWebURL(url) else { throw CLIError.usage("\(url) is not an http or https URL") }
        let token = try readToken()
        let name = deviceName?.trimmingCharacters(in: .whitespaces) ?? Self.hostName()
        let configuration = SyncConfiguration(server: url, token: token, caBundle: cacert, deviceName: name)
        try await configuration.service().check()
        try configuration.save()
        output.say("Logged in to \(url) as device \"\(name)\"")
    }

    /// The token from `--token`, standard input (`--token -`), `FOLIO_TOKEN`, or the terminal.
    private func readToken() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let typed: String?
        if token == "-" {
            typed = readLine(strippingNewline: true)
        } else if let token {
            typed = token
        } else if let fromEnvironment = environment["FOLIO_TOKEN"], !fromEnvironment.isEmpty {
            typed = fromEnvironment
        } else if Terminal().stdinIsTTY {
            typed = SecretPrompt.read("Token for \(url): ")
        } else {
            throw CLIError.usage("give the token: on standard input with --token -, or in FOLIO_TOKEN")
        }
        guard let value = typed?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw CLIError.usage("the token is empty; `folio-server user add NAME` prints one")
        }
        return value
    }

    /// This machine's host name, without the domain.
    static func hostName() -> String {
        let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        return name.isEmpty ? "device" : String(name.prefix(DeviceList.nameLimit))
    }
}

struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Forget the sync server and its token (local data stays).", discussion: "Example:\n  folio logout")

    @OptionGroup var output: QuietOption

    func run() throws {
        let file = SyncConfiguration.file()
        guard FileManager.default.fileExists(atPath: file.path) else { throw SyncError.notLoggedIn }
        try FileManager.default.removeItem(at: file)
        output.say("Logged out")
    }
}

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
        FileHandle.standardError.write(Data(line.utf8))
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
        engine.deviceName = configuration.deviceName ?? Login.hostName()
        var summary = try await Self.interruptible { [engine, verify] in try await engine.sync(repair: verify) }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        // With --fetch: fetch what is pending now (this device's and what was just pulled),
        // then sync again so the text reaches the other devices.
        if fetch, case let pending = try store.pendingArticles(), !pending.isEmpty {
            let fetched = try await PendingFetcher(store: store, timeout: 30).run(pending, progress: Terminal().stderrIsTTY && pending.count > 1)
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
