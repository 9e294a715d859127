import Foundation

/// Where Folio keeps its files: `$FOLIO_HOME` when set, else the XDG base directories
/// (`$XDG_DATA_HOME/folio`, `$XDG_CONFIG_HOME/folio`). The `folio` commands and the web reader
/// open the same library through it.
///
/// The folders are kept as absolute paths, and the URLs made from them when asked: a
/// `folio search` process opens its store through this, and Foundation's URLs cost it a
/// thirtieth of its instructions (docs/benchmarks.md, "Search").
package struct FolioPaths: Sendable, Equatable {
    /// The data folder, an absolute path.
    package var dataPath: String
    /// The configuration folder, an absolute path.
    package var configPath: String

    package init(dataPath: String, configPath: String) {
        self.dataPath = Self.absolute(dataPath)
        self.configPath = Self.absolute(configPath)
    }

    package init(dataDirectory: URL, configDirectory: URL) {
        self.init(dataPath: dataDirectory.path, configPath: configDirectory.path)
    }

    /// The environment variables `current(environment:)` and `lockTimeout(environment:)` read.
    package static let environmentNames = ["FOLIO_HOME", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "FOLIO_LOCK_TIMEOUT"]

    package var dataDirectory: URL { URL(fileURLWithPath: dataPath, isDirectory: true) }
    package var configDirectory: URL { URL(fileURLWithPath: configPath, isDirectory: true) }

    /// The library database.
    package var storePath: String { Self.joined(dataPath, "library.sqlite") }
    package var storeFile: URL { URL(fileURLWithPath: storePath) }

    package static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> FolioPaths {
        if let home = environment["FOLIO_HOME"], !home.isEmpty {
            return FolioPaths(dataPath: home, configPath: home)
        }
        let userHome = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let data = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? joined(userHome, ".local/share")
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? joined(userHome, ".config")
        return FolioPaths(dataPath: joined(data, "folio"), configPath: joined(config, "folio"))
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
        var status = stat()
        if stat(dataPath, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { return }
        do {
            try FileManager.default.createDirectory(
                atPath: dataPath, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(path: storePath, reason: "cannot create its folder: \(error.localizedDescription)")
        }
    }

    /// `path` made absolute against the working folder, without a trailing slash (as
    /// `URL(fileURLWithPath:)` and its `path` give it).
    static func absolute(_ path: String) -> String {
        var result = path.hasPrefix("/") ? path : joined(workingFolder(), path)
        while result.count > 1, result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// The process's working folder ("/" in the unlikely case it cannot be read).
    private static func workingFolder() -> String {
        guard let folder = getcwd(nil, 0) else { return "/" }
        defer { free(folder) }
        return String(cString: folder)
    }

    /// `folder` and `name` with one slash between them.
    static func joined(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
