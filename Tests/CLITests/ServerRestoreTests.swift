import FolioTestSupport
import Foundation
import Testing

/// A server put back from an older backup (issue 11, bug 1): devices whose cursor is past the
/// restored log notice, push again what the server lost, and every device ends whole.
@Suite struct ServerRestoreTests {
    /// A copy of the server's data as it is now (the server stopped): its files, or a
    /// `pg_dump` of its database.
    struct Backup {
        let server: ServerProcess
        let folder: URL

        init(_ server: ServerProcess) throws {
            self.server = server
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-backup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let database = server.database {
                try Self.run("/usr/bin/pg_dump", ["--format=custom", "--file", folder.appendingPathComponent("dump").path, database])
            } else {
                for name in try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path) {
                    try FileManager.default.copyItem(
                        at: server.dataDirectory.appendingPathComponent(name), to: folder.appendingPathComponent(name))
                }
            }
        }

        /// Puts the copy back in place of what the server holds now (the server stopped).
        func restore() throws {
            if let database = server.database {
                try Self.run(
                    "/usr/bin/pg_restore",
                    ["--clean", "--if-exists", "--single-transaction", "--dbname", database, folder.appendingPathComponent("dump").path])
            } else {
                for name in try FileManager.default.contentsOfDirectory(atPath: server.dataDirectory.path) {
                    try FileManager.default.removeItem(at: server.dataDirectory.appendingPathComponent(name))
                }
                for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                    try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: server.dataDirectory.appendingPathComponent(name))
                }
            }
        }

        static func run(_ tool: String, _ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
        }
    }

    @Test(arguments: Backend.available)
    func devicesPushAgainWhatARestoredServerLost(backend: Backend) throws {
        let first = try ServerProcess(backend: backend)
        let token = try first.addUser("grace")
        let laptop = try CLIHarness()
        try laptop.ok(["login", first.url], environment: ["FOLIO_TOKEN": token])
        for title in ["One", "Two", "Three"] { _ = try EverydayCommandTests.add(laptop, title: title) }
        try laptop.ok(["sync"])
        first.stop()
        let backup = try Backup(first)

        // After the backup: more work, synced.
        let second = try ServerProcess(sharing: first)
        try laptop.ok(["login", second.url], environment: ["FOLIO_TOKEN": token])
        for title in ["Four", "Five"] { _ = try EverydayCommandTests.add(laptop, title: title) }
        try laptop.ok(["note", "add", "--standalone", "Written after the backup."])
        try laptop.ok(["sync"])
        second.stop()

        // The server comes back from the backup: it lost Four, Five and the note.
        try backup.restore()
        let third = try ServerProcess(sharing: first)
        let phone = try CLIHarness()
        try phone.ok(["login", third.url], environment: ["FOLIO_TOKEN": token])
        try phone.ok(["sync"])
        #expect(try phone.titles() == ["One", "Three", "Two"])

        try laptop.ok(["login", third.url], environment: ["FOLIO_TOKEN": token])
        let summary = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(summary["serverWasReset"] as? Bool == true, "\(summary)")
        try phone.ok(["sync"])
        for device in [laptop, phone] {
            #expect(try device.titles() == ["Five", "Four", "One", "Three", "Two"])
            let notes = try #require(try device.json(["note", "list"]) as? [[String: Any]])
            #expect(notes.compactMap { $0["body"] as? String } == ["Written after the backup."])
        }
        let verified = try #require(try phone.json(["sync"]) as? [String: Any])
        #expect(verified["digest"] as? String == "match", "\(verified)")
    }
}

/// A device whose store is put back from an older copy (issue 11): its new changes reuse
/// device sequences the server has processed. It notices, continues as a new device, and
/// nothing from either period is lost.
@Suite struct DeviceRestoreTests {
    func copyStore(from cli: CLIHarness, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: cli.home.path) where name.hasPrefix("library.sqlite") {
            try FileManager.default.copyItem(at: cli.home.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    func putBack(_ folder: URL, into cli: CLIHarness) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: cli.home.path) where name.hasPrefix("library.sqlite") {
            try FileManager.default.removeItem(at: cli.home.appendingPathComponent(name))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            try FileManager.default.copyItem(at: folder.appendingPathComponent(name), to: cli.home.appendingPathComponent(name))
        }
    }

    /// A device that synced "Before the copy", was copied, added and synced "After the copy"
    /// (and a note, with `extraAfterTheCopy`), then had its store put back from the copy.
    func syncedThenPutBack(_ backend: Backend, extraAfterTheCopy: Bool) throws -> (ServerProcess, String, CLIHarness) {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("ivan")
        let laptop = try CLIHarness()
        try laptop.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        _ = try EverydayCommandTests.add(laptop, title: "Before the copy")
        try laptop.ok(["sync"])
        let copy = laptop.home.deletingLastPathComponent().appendingPathComponent("copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try copyStore(from: laptop, to: copy)
        _ = try EverydayCommandTests.add(laptop, title: "After the copy")
        if extraAfterTheCopy { try laptop.ok(["note", "add", "--standalone", "A note after the copy."]) }
        try laptop.ok(["sync"])
        try putBack(copy, into: laptop)
        return (server, token, laptop)
    }

    @Test(arguments: Backend.available)
    func aStorePutBackFromACopyLosesNothing(backend: Backend) throws {
        let (server, token, laptop) = try syncedThenPutBack(backend, extraAfterTheCopy: true)
        #expect(try laptop.titles() == ["Before the copy"])
        _ = try EverydayCommandTests.add(laptop, title: "After the restore")
        let summary = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(summary["deviceWasRestored"] as? Bool == true, "\(summary)")

        let phone = try CLIHarness()
        try phone.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        try phone.ok(["sync"])
        for device in [laptop, phone] {
            #expect(try device.titles() == ["After the copy", "After the restore", "Before the copy"])
            let notes = try #require(try device.json(["note", "list"]) as? [[String: Any]])
            #expect(notes.compactMap { $0["body"] as? String } == ["A note after the copy."])
            let verified = try #require(try device.json(["sync"]) as? [String: Any])
            #expect(verified["digest"] as? String == "match", "\(verified)")
            #expect(verified["deviceWasRestored"] as? Bool == false)
        }
    }
}

extension DeviceRestoreTests {
    /// Put back from a copy and then only synced, with no new change to push: the pull says so.
    @Test(arguments: Backend.available)
    func aStorePutBackThatMadeNothingNewGetsItsChangesBack(backend: Backend) throws {
        let (server, _, laptop) = try syncedThenPutBack(backend, extraAfterTheCopy: false)
        let summary = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(summary["deviceWasRestored"] as? Bool == true, "\(summary)")
        #expect(try laptop.titles() == ["After the copy", "Before the copy"])
        let verified = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(verified["digest"] as? String == "match" && verified["deviceWasRestored"] as? Bool == false, "\(verified)")
        withExtendedLifetime(server) {}
    }
}
