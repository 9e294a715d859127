import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Storage

/// A store whose compacted clocks were kept as text with their items (migrations up to v22) is
/// brought up to date by migration v23: each clock becomes numbers, the digest of every change
/// known counts the same, a page that brings a compacted change again stores it again (counted
/// once), and a text that is not a clock's exact form stays where it was.
@Suite struct CompactedClockStoreMigrationTests {
    static let article = "01a22157-7a89-79cc-8659-315fc7406a09"
    static let compacted = [
        HLCTimestamp(wallMillis: 1_750_000_000_005, counter: 3, deviceID: "01900000-0000-7000-8000-00000000000b"),
        HLCTimestamp(wallMillis: 1_750_000_000_007, counter: 0, deviceID: "01900000-0000-7000-8000-00000000000c"),
    ]
    /// A text no clock writes (its time with a leading zero): it would not be written back the
    /// same, so it stays.
    static let odd = "01750000000000005-00003-01900000-0000-7000-8000-00000000000b"

    @Test func compactedClocksBecomeNumbersAndCountTheSame() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/library.sqlite"
        let before: LibraryDigest.Tally
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v22-change-bounds")
            before = try old.write { db in
                for text in Self.compacted.map(\.description) + [Self.odd] {
                    try db.execute(
                        sql: "INSERT INTO compactedChange(timestamp, entity, entityID) VALUES (?, 'article', ?)", arguments: [text, Self.article])
                }
                return try DigestLedger.compute(db)
            }
            try old.close()
        }
        #expect(before.articleCount == 3)
        let store = try Store(path: path)
        let (after, texts, clocks) = try store.read { db in
            (try DigestLedger.compute(db), try String.fetchAll(db, sql: "SELECT timestamp FROM compactedChange"), try CompactedClocks.all(db))
        }
        #expect(after == before, "the digest of every change known counts them the same")
        #expect(texts == [Self.odd])
        #expect(clocks.isSuperset(of: Self.compacted))
        // Brought again by a page (the server stored it again for a device that came back:
        // `RejoinRules`), a compacted change is stored again, its clock no longer kept as
        // compacted, and the digest of every change known counts it once.
        let again = Self.compacted.map { clock in
            Change(entity: .article, entityID: Self.article, operation: .update, field: "title", value: "\"Old\"", timestamp: clock)
        }
        let result = try store.applyRemote(again)
        #expect(result.stored == 2)
        let (afterAgain, clocksAgain) = try store.read { db in (try DigestLedger.compute(db), try CompactedClocks.all(db)) }
        #expect(afterAgain == before)
        #expect(clocksAgain.isDisjoint(with: Self.compacted))
    }
}
