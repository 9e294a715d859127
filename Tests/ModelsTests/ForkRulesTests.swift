import Foundation
import Models
import Testing

/// When the server asks its devices back: a note forks over a line it compacted
/// (`RejoinRules.forkNeedsCompactedVersions`, docs/sync-protocol.md, "A device that comes back").
@Suite struct ForkRulesTests {
    static let author = "01900000-0000-7000-8000-00000000000a"
    static let other = "01900000-0000-7000-8000-00000000000b"
    static let away = "01900000-0000-7000-8000-00000000000c"
    static let note = "01a22157-7a89-79cc-8659-315fc7406b10"

    static func clock(_ millis: Int64, _ device: String = author) -> HLCTimestamp {
        HLCTimestamp(wallMillis: 1_750_000_000_000 + millis, counter: 0, deviceID: device)
    }

    static func created(_ body: String?) throws -> Change {
        var value = try FolioJSON.string(Note(id: note, body: body ?? ""))
        if body == nil, let withoutBody = RejoinRules.removingBody(from: value) { value = withoutBody }
        return Change(entity: .note, entityID: note, operation: .create, value: value, timestamp: clock(1))
    }

    static func edit(_ text: String, base: [HLCTimestamp], at millis: Int64, _ device: String = author) throws -> Change {
        Change(
            entity: .note, entityID: note, operation: .update, field: "body", value: try FolioJSON.string(NoteBodyEdit(text: text, base: base)),
            timestamp: clock(millis, device))
    }

    /// The story of simulation seed 736820: the author's middle version (2) went by rule 6 while
    /// its last (3) was the only head; a device that was away edited the first body (4).
    @Test func aForkOverACompactedLineAsksTheDevicesBack() throws {
        let last = try Self.edit("one A2\n", base: [Self.clock(2)], at: 3)
        let fork = try Self.edit("one B\n", base: [Self.clock(1)], at: 4, Self.away)
        let held = [try Self.created(nil), last, fork]
        #expect(RejoinRules.missingBases(held) == [Self.clock(2)])
        let compacted: Set<HLCTimestamp> = [Self.clock(2)]
        #expect(RejoinRules.forkNeedsCompactedVersions(held: held, inserted: [fork.timestamp], isCompacted: compacted.contains))
        // Only the push that brings the fork asks: a later edit of the note left in conflict
        // (its author had dropped the version too) asks nobody again.
        let again = try Self.edit("one B2\n", base: [fork.timestamp], at: 5, Self.away)
        #expect(!RejoinRules.forkNeedsCompactedVersions(held: held + [again], inserted: [again.timestamp], isCompacted: compacted.contains))
        // Nothing was compacted (the line is whole): nobody is asked.
        #expect(!RejoinRules.forkNeedsCompactedVersions(held: held, inserted: [fork.timestamp], isCompacted: { _ in false }))
    }

    /// Two edits made apart from a version both still hold share it: they merge against it on
    /// every device, whatever came before it was compacted.
    @Test func aForkThatSharesAVersionAsksNobody() throws {
        let settled = try Self.edit("one A2\n", base: [Self.clock(2)], at: 3)
        let mine = try Self.edit("one A3\n", base: [Self.clock(3)], at: 4)
        let theirs = try Self.edit("one A2\ntwo\n", base: [Self.clock(3)], at: 5, Self.other)
        let held = [try Self.created(nil), settled, mine, theirs]
        let compacted: Set<HLCTimestamp> = [Self.clock(2)]
        #expect(!RejoinRules.forkNeedsCompactedVersions(held: held, inserted: [theirs.timestamp], isCompacted: compacted.contains))
        // One head: nothing to ask either.
        #expect(
            !RejoinRules.forkNeedsCompactedVersions(
                held: [try Self.created(nil), settled], inserted: [settled.timestamp], isCompacted: compacted.contains))
    }

    @Test func onlyNoteBodyVersionsAreLookedAt() throws {
        let tag = Change(entity: .note, entityID: Self.note, operation: .update, field: "tags", value: "[\"x\"]", timestamp: Self.clock(5))
        let body = try Self.edit("one\n", base: [Self.clock(1)], at: 6)
        let inserts = [tag, body, try Self.created("one\n")].enumerated().map { ServerChange(sequence: Int64($0.offset + 1), change: $0.element) }
        #expect(RejoinRules.notesWithNewVersions(inserts) == [ItemKey(entity: .note, id: Self.note): [Self.clock(6), Self.clock(1)]])
    }
}
