import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a user's command (`$PAGER`, `$EDITOR`) through `/bin/sh -c` in folio's own process
/// group, as git does.
///
/// Foundation's `Process` puts every child in a process group of its own. Under a job-control
/// shell that group is in the background, so a pager or editor that reads the terminal or
/// changes its modes is stopped (SIGTTIN, SIGTTOU) while folio waits for it: the screen stays
/// blank for good. A child in folio's group is in the terminal's foreground group whenever
/// folio is, so it gets the terminal, and the terminal stays with the group when it exits.
///
/// While the child runs, folio ignores SIGINT and SIGQUIT (as `system(3)` does): Ctrl-C is the
/// pager's or editor's to handle, and folio must outlive it to get the terminal back in order.
enum ForegroundCommand {
    /// Why a command could not be run.
    enum Failure: Error {
        case cannotStart(String)
    }

    /// Runs `/bin/sh -c command` with `arguments` as `$1`, `$2`, … and waits for it. When
    /// `input` is given, it is written to the command's standard input through a pipe (and a
    /// command that stops reading early is not an error); otherwise the command inherits
    /// folio's standard input. `environment` adds to or overrides folio's own. Returns the
    /// exit status, or 128 + the signal number.
    static func run(_ command: String, arguments: [String] = [], input: Data? = nil, environment: [String: String] = [:]) throws(Failure)
        -> Int32
    {
        var pipeEnds: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&pipeEnds) == 0 else { throw .cannotStart("cannot make a pipe: \(String(cString: strerror(errno)))") }
        }
        defer {
            for end in pipeEnds where end >= 0 { close(end) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], STDIN_FILENO)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        }

        // The child starts with default signal actions and no blocked signals, whatever folio
        // had; it stays in folio's process group (no POSIX_SPAWN_SETPGROUP).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ["/bin/sh", "-c", command, "sh"] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArguments.append(nil)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") }
        cEnvironment.append(nil)
        defer {
            for argument in cArguments + cEnvironment { free(argument) }
        }

        let ignored = IgnoredSignals([SIGINT, SIGQUIT, SIGPIPE])
        defer { ignored.restore() }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
        guard spawned == 0 else { throw .cannotStart(String(cString: strerror(spawned))) }

        if let input {
            close(pipeEnds[0])
            pipeEnds[0] = -1
            write(input, to: pipeEnds[1])
            close(pipeEnds[1])
            pipeEnds[1] = -1
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return 1 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Writes all of `data` to `descriptor`, stopping quietly when the reader has gone (a pager
    /// quit before the end: EPIPE, as SIGPIPE is ignored meanwhile).
    private static func write(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { DescriptorWriter.write($0, to: descriptor) }
    }
}

/// Signals set to be ignored, with their previous actions kept to restore.
private struct IgnoredSignals {
    private var previous: [(Int32, sigaction)] = []

    init(_ signals: [Int32]) {
        for number in signals {
            var ignore = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            sigemptyset(&ignore.sa_mask)
            var old = sigaction()
            if sigaction(number, &ignore, &old) == 0 { previous.append((number, old)) }
        }
    }

    func restore() {
        for (number, old) in previous {
            var action = old
            sigaction(number, &action, nil)
        }
    }
}
