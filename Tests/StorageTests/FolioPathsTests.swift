import FolioTestSupport
import Foundation
import Testing

@testable import Storage

/// Where the library lives, from the environment (`FolioPaths`): absolute paths, as
/// `URL(fileURLWithPath:)` gave them before they were kept as strings.
struct FolioPathsTests {
    @Test func folioHomeHoldsEverything() {
        let paths = FolioPaths.current(environment: ["FOLIO_HOME": "/srv/folio/", "HOME": "/home/ann"])
        #expect(paths.dataPath == "/srv/folio")
        #expect(paths.configPath == "/srv/folio")
        #expect(paths.storePath == "/srv/folio/library.sqlite")
        #expect(paths.storeFile.path == URL(fileURLWithPath: "/srv/folio").appendingPathComponent("library.sqlite").path)
    }

    @Test func aRelativeFolioHomeIsTakenFromTheWorkingFolder() {
        let paths = FolioPaths.current(environment: ["FOLIO_HOME": "bench-data/10000"])
        let expected = URL(fileURLWithPath: "bench-data/10000", isDirectory: true).path
        #expect(paths.dataPath == expected)
        #expect(paths.dataPath.hasPrefix("/"))
        #expect(paths.storePath == expected + "/library.sqlite")
    }

    @Test func withoutFolioHomeTheXDGFoldersAreUsed() {
        let defaults = FolioPaths.current(environment: ["HOME": "/home/ann"])
        #expect(defaults.dataPath == "/home/ann/.local/share/folio")
        #expect(defaults.configPath == "/home/ann/.config/folio")
        let set = FolioPaths.current(environment: ["HOME": "/home/ann", "XDG_DATA_HOME": "/data", "XDG_CONFIG_HOME": "/conf/"])
        #expect(set.dataPath == "/data/folio")
        #expect(set.configPath == "/conf/folio")
        // The XDG specification: a relative path in these variables is invalid and ignored.
        let relative = FolioPaths.current(environment: ["HOME": "/home/ann", "XDG_DATA_HOME": "data"])
        #expect(relative.dataPath == "/home/ann/.local/share/folio")
    }

    @Test func theDataFolderIsCreatedPrivateWhenMissing() throws {
        let folder = try TemporaryFolder()
        let paths = FolioPaths(dataPath: folder.path + "/a/b", configPath: folder.path + "/c")
        try paths.createDataDirectory()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/a/b")
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        try paths.createDataDirectory()  // There already: nothing to do, no error.
    }

    @Test func aFileWhereTheDataFolderShouldBeIsReported() throws {
        let folder = try TemporaryFolder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/data"))
        let paths = FolioPaths(dataPath: folder.path + "/data", configPath: folder.path)
        #expect(throws: StoreError.self) { try paths.createDataDirectory() }
    }
}
