import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the terminal can do, and the Linux conventions around it: colour only on a TTY with
/// `TERM` not `dumb` and `NO_COLOR` unset; `$PAGER` and `$EDITOR`.
struct Terminal {
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The environment variables it reads.
    static let environmentNames = ["NO_COLOR", "TERM", "COLUMNS", "LINES", "PAGER", "LESS", "VISUAL", "EDITOR"]

    var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }
    var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether to colour standard output.
    var usesColor: Bool {
        stdoutIsTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Columns available for text: the TTY's width, else `$COLUMNS`, else 80.
    var width: Int { windowSize()?.columns ?? environmentSize("COLUMNS") ?? 80 }

    /// Rows of the TTY on standard output, else `$LINES`, else 24.
    var height: Int { windowSize()?.rows ?? environmentSize("LINES") ?? 24 }

    /// The size of the TTY on standard output, when it is one and knows its size.
    private func windowSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard stdoutIsTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    private func environmentSize(_ name: String) -> Int? {
        environment[name].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    }

    /// Wraps `text` in ANSI style codes when colour is on.
    func style(_ text: String, _ codes: String) -> String {
        usesColor ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { style(text, "1") }
    func dim(_ text: String) -> String { style(text, "2") }
    func highlight(_ text: String) -> String { style(text, "1;33") }

    /// Writes `text` to standard output, through `$PAGER` (default `less -FRX`) when standard
    /// output is a TTY and paging is wanted.
    func page(_ text: String, enabled: Bool) {
        guard enabled, stdoutIsTTY else {
            DescriptorWriter.write(text, to: STDOUT_FILENO)
            return
        }
        let pager = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -FRX"
        var pagerEnvironment: [String: String] = [:]
        // As git does: less without -R shows colour codes as text, so ask for it unless set.
        if environment["LESS"] == nil { pagerEnvironment["LESS"] = "FRX" }
        do {
            _ = try ForegroundCommand.run(pager, input: Data(text.utf8), environment: pagerEnvironment)
        } catch {
            DescriptorWriter.write(text, to: STDOUT_FILENO)
        }
    }

    /// Opens `initial` text in `$VISUAL` or `$EDITOR` (default `vi`) and returns what the user
    /// saved.
    func edit(_ initial: String, suffix: String = ".md") throws -> String {
        let editor =
            environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("folio-\(UUID().uuidString)\(suffix)")
        do {
            try Data(initial.utf8).write(to: file)
        } catch {
            throw CLIError.editorFailed("cannot write a temporary file for the editor: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let status: Int32
        do {
            status = try ForegroundCommand.run("\(editor) \"$1\"", arguments: [file.path])
        } catch .cannotStart(let reason) {
            throw CLIError.editorFailed("cannot start the editor `\(editor)`: \(reason)")
        }
        guard status == 0 else {
            throw CLIError.editorFailed("the editor `\(editor)` exited with status \(status); nothing was changed")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CLIError.editorFailed("the edited file disappeared; nothing was changed")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Asks a yes/no question on the terminal; false when not interactive.
    func confirm(_ question: String) -> Bool {
        guard stdinIsTTY else { return false }
        DescriptorWriter.write("\(question) [y/N] ", to: STDERR_FILENO)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    DescriptorWriter.write(text + "\n", to: STDERR_FILENO)
}
