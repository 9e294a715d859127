import ArgumentParser
import BuildInfo
import Foundation
import Hummingbird
import Logging
import Storage

/// `folio-web`: the web reader over this device's library (the executable only runs it;
/// `folio web` starts it).
package struct FolioWeb: AsyncParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "folio-web",
        abstract: "Read, highlight and search your Folio library in a browser.",
        discussion: """
            Serves the library at $FOLIO_HOME (else the XDG data folder), the same store the \
            `folio` commands use, while they run. On 127.0.0.1 (the default) there is no \
            login. Listening on any other address needs a password: --password-file FILE or \
            FOLIO_WEB_PASSWORD; without one it refuses to start.

            Examples:
              folio-web                       # http://127.0.0.1:8080
              folio-web --port 9000
              folio-web --host 0.0.0.0 --password-file ~/.config/folio/web-password
            """,
        version: "folio-web \(BuildInfo.description)")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one; the address is printed).") var port = 8080
    @Option(help: "A file whose first line is the password of the login page (or set FOLIO_WEB_PASSWORD).")
    var passwordFile: String?
    @Option(help: "Seconds a page fetch (Add by URL) may take.") var fetchTimeout = 30
    @Option(help: "Sync in the background this often (90s, 5m, 1h) with the server of `folio login`.")
    var syncEvery: String?

    package func validate() throws {
        if fetchTimeout < 1 { throw ValidationError("--fetch-timeout must be at least 1 second") }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if let syncEvery, PeriodicSync.interval(syncEvery) == nil {
            throw ValidationError("--sync-every takes an interval of 10 seconds or more, such as 90s, 5m or 1h")
        }
    }

    package func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let password = try Self.password(file: passwordFile, environment: environment)
        guard password != nil || WebReaderConfiguration.isLoopback(host) else {
            throw WebCommandError.passwordRequired(host: host)
        }
        var logger = Logger(label: "folio-web")
        logger.logLevel = environment["FOLIO_WEB_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let paths = FolioPaths.current(environment: environment)
        try paths.createDataDirectory()
        let store = try Store(
            path: paths.storePath, configuration: StoreConfiguration(lockTimeout: FolioPaths.lockTimeout(environment: environment)))
        let configuration = WebReaderConfiguration(
            host: host, port: port, password: password, fetchTimeout: fetchTimeout, paths: paths, syncEvery: syncEvery.flatMap(PeriodicSync.interval))
        let app = try WebReaderApplication.buildApplication(store: store, configuration: configuration, logger: logger)
        try await app.runService()
    }

    /// The password: the first line of `file`, else `FOLIO_WEB_PASSWORD`; nil for none.
    static func password(file: String?, environment: [String: String]) throws -> String? {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw WebCommandError.unreadablePasswordFile(file) }
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw WebCommandError.emptyPassword(file) }
            return line
        }
        if let password = environment["FOLIO_WEB_PASSWORD"], !password.isEmpty { return password }
        return nil
    }

    /// Parses the arguments and runs the command, each failure one line on standard error.
    package static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as WebCommandError {
            FileHandle.standardError.write(Data("folio-web: \(error.description)\n".utf8))
            Foundation.exit(78)
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("folio-web: \(error.description)\n".utf8))
            if case .busy = error { Foundation.exit(75) }
            Foundation.exit(78)
        } catch {
            exit(withError: error)
        }
    }
}
