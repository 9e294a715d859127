import FolioTestSupport
import Foundation
import Testing

/// An interactive bash with job control in a real terminal (a tmux pane of 80×24), driven as a
/// person would: type a line, read the screen.
///
/// Unlike `script`, whose child runs without job control, bash here puts every command in a
/// process group of its own and hands it the terminal, so a program that runs a pager or an
/// editor in the wrong group is stopped by the terminal (SIGTTOU, SIGTTIN), as it would be for
/// a user.
final class JobControlTerminal {
    /// A process of the terminal's session, read from `/proc`.
    struct SessionProcess {
        var pid: Int32
        var name: String
        var state: Character
        var processGroup: Int32
        var foregroundGroup: Int32
    }

    /// What went wrong while waiting for the screen.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket = "folio-test-\(UUID().uuidString.prefix(12))"
    let session = "folio"
    private let environment: [String: String]

    /// Starts the terminal's server with bash, folio's binary first on `PATH`, and the
    /// harness's environment (its `FOLIO_HOME`) plus `extra`.
    init(cli: CLIHarness, width: Int = 80, height: Int = 24, environment extra: [String: String] = [:]) throws {
        var environment = cli.environment.merging(extra) { $1 }
        environment["PATH"] = CLIHarness.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = cli.home.path
        environment["TERM"] = "xterm-256color"
        environment["HISTFILE"] = "/dev/null"
        environment.removeValue(forKey: "TMUX")
        self.environment = environment
        // bash sets its own prompt over an inherited PS1 (`#` for root): set it in an rc file.
        let rcFile = cli.home.appendingPathComponent("job-control.bashrc")
        try Data("PS1='$ '\n".utf8).write(to: rcFile)
        try tmux([
            "-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session,
            "bash --rcfile '\(rcFile.path)' --noprofile -i",
        ])
        _ = try waitForScreen("the shell's prompt") { $0.contains("$") }
    }

    deinit {
        // The server's pid first: kill-server alone can leave it running.
        let pid = (try? tmux(["display-message", "-p", "#{pid}"])).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        _ = try? tmux(["kill-server"])
        if let pid { kill(pid, SIGKILL) }
    }

    /// Runs tmux on this terminal's own server; returns what it printed.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // posix_spawn and waitpid, not Foundation's Process: the server that the first command
        // forks keeps the client's descriptors, and Process waits for those to close. Output
        // goes to a file for the same reason.
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("folio-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Nothing else of the test process: the server would keep other tests' pipes open.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let descriptor = Int32(entry), descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
        let argv = ["/usr/bin/tmux", "-L", socket] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var cArgv = argv.map { strdup($0) } + [nil]
        var cEnvp = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArgv { free(pointer) }
            for pointer in cEnvp { free(pointer) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, &cArgv, &cEnvp) == 0 else {
            throw Failure(description: "tmux could not start")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed") }
        return String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
    }

    /// Types `line` at the prompt and presses Enter.
    func type(_ line: String) throws {
        try tmux(["send-keys", "-t", session, "-l", line])
        try tmux(["send-keys", "-t", session, "Enter"])
    }

    /// Presses keys by tmux's names (`Escape`, `Enter`, `C-c`), or types literal text with
    /// `literal`.
    func press(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// What the terminal shows now.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// The processes of the terminal's session (the shell and everything it started).
    func sessionProcesses() throws -> [SessionProcess] {
        let shell = try #require(
            Int32(try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        guard let shellStat = Self.stat(of: shell) else { return [] }
        var result: [SessionProcess] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let process = Self.stat(of: pid), process.session == shellStat.session else { continue }
            result.append(process.process)
        }
        return result
    }

    /// Reads the screen until `ready` says it shows what was expected.
    ///
    /// It fails at once when a process of the session is stopped by the terminal (state T):
    /// that is the hang a user would see. The deadline only turns a hang of any other kind into
    /// a failure instead of a blocked test run; it is not a measure of speed.
    func waitForScreen(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, until ready: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(600)
        var shown = ""
        while Date() < deadline {
            shown = try screen()
            if ready(shown) { return shown }
            if let stopped = try sessionProcesses().first(where: { $0.state == "T" }) {
                throw Failure(
                    description:
                        "waiting for \(what): \(stopped.name) (pid \(stopped.pid), group \(stopped.processGroup)) was stopped by the terminal, whose foreground group is \(stopped.foregroundGroup); the screen:\n\(shown)"
                )
            }
            usleep(20_000)
        }
        throw Failure(description: "the terminal never showed \(what); the screen:\n\(shown)")
    }

    /// Fields of `/proc/PID/stat`: name, state, process group, session, the terminal's
    /// foreground group.
    private static func stat(of pid: Int32) -> (process: SessionProcess, session: Int32)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
        else { return nil }
        let name = String(text[text.index(after: open)..<close])
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state, ppid, pgrp, session, tty_nr, tpgid.
        guard fields.count > 5, let state = fields[0].first, let group = Int32(fields[2]), let session = Int32(fields[3]),
            let foreground = Int32(fields[5])
        else { return nil }
        return (SessionProcess(pid: pid, name: name, state: state, processGroup: group, foregroundGroup: foreground), session)
    }
}
