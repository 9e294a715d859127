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
        try HTTPSyncService(
            server: server, token: token, stallTimeout: Self.stallTimeout, caBundle: caBundle, deviceID: deviceID, lastSequence: lastSequence)
    }
}
