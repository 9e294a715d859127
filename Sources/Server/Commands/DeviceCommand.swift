import ArgumentParser
import Foundation
import Models

/// `folio-server device`: the devices the server knows, and forgetting one.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device", abstract: "List the devices compaction waits for, and forget one that will not come back.",
        subcommands: [ListDevices.self, ForgetDevice.self])

    struct ListDevices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List each user's devices: last seen, acknowledged sequence, whether it holds compaction back.",
            discussion: "Example:\n  folio-server device list --user alice --json")
        @Option(help: "Only this user's devices (default: every user's).") var user: String?
        @Flag(help: "Print JSON (sorted keys, ISO-8601 dates).") var json = false
        @OptionGroup var compaction: CompactionOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let name = user
            let now = Date()
            let horizon = compaction.seconds
            let (listed, waits) = try await withReport {
                try await store.withRepository(logger: quietLogger) { repository in
                    var listed: [ListedDevice] = []
                    var waits: [String] = []
                    for user in try await UserSelection.users(named: name, in: repository) {
                        let records = try await repository.deviceRecords(for: user)
                        listed += records.devices.map { ListedDevice(user: user.name, record: $0, in: records, now: now, horizon: horizon) }
                        if let until = records.waitsForLostData(now: now, horizon: horizon) {
                            waits.append(
                                "folio-server: \(user.name): a device came with data this server no longer holds; "
                                    + "until \(ISODate.format(until)) compaction keeps purged items' history and every note version")
                        }
                    }
                    return (listed, waits)
                }
            }
            for line in waits { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            if json {
                print(String(decoding: try FolioJSON.encoder(pretty: true).encode(listed), as: UTF8.self))
                return
            }
            for device in listed {
                print(
                    [
                        device.user, device.id, device.name ?? "-", ISODate.format(device.lastSeen), "acknowledged \(device.acknowledged)",
                        device.holdsBack ? "holds compaction back" : "-",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct ForgetDevice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget", abstract: "Forget a device: it no longer holds compaction back (until it is seen again).",
            discussion: """
                If it comes back, it rejoins before it applies what it pulls: it sends back \
                what compaction dropped that an item still needs, and drops what no device \
                needs, so nothing it had is lost (docs/sync-protocol.md, "A device that comes \
                back").

                Example:
                  folio-server device forget 01900000-0000-7000-8000-00000000000a
                """)
        @Argument(help: "The device's id (`folio-server device list` shows them).") var id: String
        @Option(help: "Only this user's device (default: every user's device with this id).") var user: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = self.id
            let name = user
            try await withReport {
                try await store.withRepository(logger: quietLogger) { repository in
                    var forgotten = false
                    for user in try await UserSelection.users(named: name, in: repository) {
                        do {
                            try await repository.forget(device: id, for: user)
                            forgotten = true
                        } catch ServerError.noSuchDevice {
                            continue
                        }
                    }
                    guard forgotten else { throw ServerError.noSuchDevice(id) }
                }
            }
        }
    }
}
