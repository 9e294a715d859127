import Foundation

/// Where Folio keeps its files: `$FOLIO_HOME` when set, else the XDG base directories
/// (`$XDG_DATA_HOME/folio`, `$XDG_CONFIG_HOME/folio`).
struct FolioPaths {
    var dataDirectory: URL
    var configDirectory: URL

    /// The library database.
    var storeFile: URL { dataDirectory.appendingPathComponent("library.sqlite") }

    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> FolioPaths {
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

    /// Creates the data folder (mode 0700) when missing.
    func createDataDirectory() throws {
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError.configuration("cannot create the folder \(dataDirectory.path) for the library: \(error.localizedDescription)")
        }
    }
}
