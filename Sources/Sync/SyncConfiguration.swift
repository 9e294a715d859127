import Foundation
import Models
import Storage

/// The sync server this device uses, kept in `$FOLIO_HOME/config.json` (or
/// `$XDG_CONFIG_HOME/folio/config.json`) with mode 0600: it holds a token. `folio login`
/// writes it; `folio sync` and the web reader's Sync button read it.
package struct SyncConfiguration: Codable, Equatable, Sendable {
    package var server: String
    package var token: String
    package var caBundle: String?
    /// What other devices call this one (`folio login --device-name`, default the host name).
    package var deviceName: String?

    package init(server: String, token: String, caBundle: String? = nil, deviceName: String? = nil) {
        self.server = server
        self.token = token
        self.caBundle = caBundle
        self.deviceName = deviceName
    }

    package static func file(_ paths: FolioPaths = .current()) -> URL {
        paths.configDirectory.appendingPathComponent("config.json")
    }

    package static func load(_ paths: FolioPaths = .current()) throws -> SyncConfiguration {
        guard let data = FileManager.default.contents(atPath: file(paths).path) else { throw SyncError.notLoggedIn }
        guard let configuration = try? JSONDecoder().decode(SyncConfiguration.self, from: data) else {
            throw SyncConfigurationError.unreadable(path: file(paths).path)
        }
        return configuration
    }

    package func save() throws {
        let url = Self.file()
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try FolioJSON.encoder(pretty: true).encode(self)
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
            try data.write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        } catch {
            throw SyncConfigurationError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Seconds a sync request may stall (no byte received) before it is abandoned and retried:
    /// `$FOLIO_SYNC_TIMEOUT`, default 30.
    package static var stallTimeout: Int {
        ProcessInfo.processInfo.environment["FOLIO_SYNC_TIMEOUT"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 30
    }

    /// The server's protocol; with `deviceID`, pulls leave out that device's own changes.
    package func service(
        deviceID: @escaping @Sendable () -> String? = { nil }, lastSequence: @escaping @Sendable () -> Int64? = { nil }
    ) throws -> HTTPSyncService {
        try HTTPSyncService(
            server: server, token: token, stallTimeout: Self.stallTimeout, caBundle: caBundle, deviceID: deviceID, lastSequence: lastSequence)
    }

    /// The name this device goes by: the one given at login, else the host's.
    package var resolvedDeviceName: String { deviceName ?? Self.hostName() }

    /// The host's name, without its domain, as a device name.
    package static func hostName() -> String {
        let name = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        return name.isEmpty ? "device" : String(name.prefix(DeviceList.nameLimit))
    }
}
