import ArgumentParser
import Foundation

/// `folio web`: the web reader, `folio-web`, started from the folder the `folio` binary is in.
struct WebCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Read, highlight and search the library in a browser (runs folio-web).",
        discussion: """
            Starts `folio-web`, installed next to `folio`, on the same library: everything \
            done in the browser is an ordinary change that syncs, and `folio` commands keep \
            working while it runs. On 127.0.0.1 (the default) there is no login; any other \
            address needs --password-file FILE or FOLIO_WEB_PASSWORD.

            Examples:
              folio web                      # then open http://127.0.0.1:8080
              folio web --port 9000
              folio web --host 0.0.0.0 --password-file ~/.config/folio/web-password
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the address is printed).") var port = 8080
    @Option(help: "A file whose first line is the password of the login page (or set FOLIO_WEB_PASSWORD).")
    var passwordFile: String?
    @Option(help: "Sync in the background this often (90s, 5m, 1h) with the server of `folio login`.")
    var syncEvery: String?

    func run() throws {
        let program = try Self.webReaderPath()
        var arguments = [program, "--host", host, "--port", String(port)]
        if let passwordFile { arguments += ["--password-file", passwordFile] }
        if let syncEvery { arguments += ["--sync-every", syncEvery] }
        // `folio-web` takes this process's place: the same terminal, signals and exit status.
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(program, cArguments)
        throw CLIError.notInstalled("cannot start \(program): \(String(cString: strerror(errno)))")
    }

    /// `folio-web` in the folder of the running `folio`.
    static func webReaderPath() throws -> String {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let path = executable.deletingLastPathComponent().appendingPathComponent("folio-web").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CLIError.notInstalled(
                "the web reader is not installed: no folio-web next to folio in \(executable.deletingLastPathComponent().path) (make install installs both)"
            )
        }
        return path
    }
}
