import FolioTestSupport
import Foundation
import Testing

/// `folio compact` gives what purges and compaction freed back to the disk (VACUUM), says the
/// store's size before and after, and prints it as JSON with `--json`.
@Suite struct CompactCommandTests {
    /// A device with articles of long text, purged: their pages are free inside the file.
    static func storeWithFreePages() throws -> (CLIHarness, kept: String) {
        let device = try CLIHarness()
        let text = String(repeating: "The valley floods every spring, and the village moves its market uphill.\n\n", count: 200)
        for index in 0..<20 { try device.ok(["add", "-", "--title", "Spring \(index)"], input: Data(text.utf8)) }
        let kept = try device.addSeed()
        try device.ok(["rm"] + device.articleIDs().filter { $0 != kept })
        try device.ok(["purge", "--all", "--yes"])
        return (device, kept)
    }

    @Test func compactGivesTheFreedSpaceBackToTheDisk() throws {
        let (device, kept) = try Self.storeWithFreePages()
        let before = try device.storeSnapshot()
        let report = try #require(try device.json(["compact"]) as? [String: Any])
        let (sizeBefore, sizeAfter) = (try #require(report["storeBytesBefore"] as? Int), try #require(report["storeBytesAfter"] as? Int))
        #expect(report["vacuumed"] as? Bool == true)
        // 20 articles of 15 KB each were purged: their pages leave the file.
        #expect(sizeAfter < sizeBefore - 200_000, "store \(sizeBefore) → \(sizeAfter) bytes")
        let onDisk = try FileManager.default.attributesOfItem(atPath: device.storeFile.path)[.size] as? Int
        // What the command measured counts the write-ahead log's index too, gone with the process.
        #expect(try #require(onDisk) <= sizeAfter)
        #expect(try device.storeSnapshot() == before, "the library is unchanged")
        #expect(try device.articleIDs() == [kept])
        #expect(try #require(try device.json(["search", "valley"]) as? [Any]).isEmpty)
    }

    @Test func noVacuumLeavesTheFileAsItIs() throws {
        let (device, _) = try Self.storeWithFreePages()
        let text = try device.ok(["compact", "--no-vacuum"])
        #expect(text.hasPrefix("Compacted "))
        let sizes = try #require(try device.json(["compact", "--no-vacuum"]) as? [String: Any])
        #expect(sizes["vacuumed"] as? Bool == false)
        let (sizeBefore, sizeAfter) = (try #require(sizes["storeBytesBefore"] as? Int), try #require(sizes["storeBytesAfter"] as? Int))
        #expect(sizeAfter >= sizeBefore - 100_000, "store \(sizeBefore) → \(sizeAfter) bytes")
    }
}
