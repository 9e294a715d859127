import Foundation

/// Where Folio keeps its files: `$FOLIO_HOME` when set, else the XDG base directories
/// (`$XDG_DATA_HOME/folio`, `$XDG_CONFIG_HOME/folio`). The `folio` commands and the web reader
/// open the same library through it.
package struct FolioPaths: Sendable {
    package var dataDirectory: URL
    package var configDirectory: URL

    package init(dataDirectory: URL, configDirectory: URL) {
        self.dataDirectory = dataDirectory
        self.configDirectory = configDirectory
    }

    /// The library database.
    package var storeFile: URL { dataDirectory.appendingPathComponent("library.sqlite") }

    package static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> FolioPaths {
        if let home = environment["FOLIO_HOME"], !home.isEmpty {
            let url = URL(fileURLWithPath: home, isDirectory: true)
            return FolioPaths(dataDirectory: url, configDirectory: url)
        }
        let userHome =
            environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0, isDirectory: true) : nil }
            ?? userHome.appendingPathComponent(".local/share", isDirectory: true)
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0, isDirectory: true) : nil }
            ?? userHome.appendingPathComponent(".config", isDirectory: true)
        return FolioPaths(
            dataDirectory: data.appendingPathComponent("folio", isDirectory: true),
            configDirectory: config.appendingPathComponent("folio", isDirectory: true))
    }

    /// How long a write waits for another process's lock: `$FOLIO_LOCK_TIMEOUT` seconds
    /// (default 10).
    package static func lockTimeout(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        environment["FOLIO_LOCK_TIMEOUT"].flatMap(Double.init) ?? 10
    }

    /// Creates the data folder (mode 0700) when missing.
    package func createDataDirectory() throws(StoreError) {
        // One `stat` when it exists, as it does but the first time: creating goes through
        // Foundation's attribute handling, a thirtieth of a whole `folio search` process.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dataDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path: storeFile.path, reason: "cannot create its folder: \(error.localizedDescription)")
        }
    }
}
