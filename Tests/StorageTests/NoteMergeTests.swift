import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

/// Note bodies edited on two devices before they exchange changes: merged line by line, or
/// kept as one note with a conflict until resolved (docs/sync-protocol.md, merge rules).
@Suite struct NoteMergeTests {
    let text = "Intro\nFirst point\nSecond point\nThird point\nClosing"

    /// Gives every store every change made on any of them, as a sync does.
    func exchange(_ stores: [TemporaryStore]) throws {
        let all = try stores.flatMap { try $0.store.unsyncedChanges(limit: 1_000_000) }
        for device in stores { try device.store.applyRemote(all) }
    }

    /// Two devices with the same note.
    func devicesSharingANote() throws -> (TemporaryStore, TemporaryStore, Note) {
        let (a, b) = (try TemporaryStore(), try TemporaryStore())
        let article = makeArticle("Base", content: "Some text.")
        try a.store.add(article)
        let note = Note(articleID: article.id, body: text)
        try a.store.add(note)
        try exchange([a, b])
        #expect(try b.store.note(id: note.id).body == text)
        return (a, b, note)
    }

    func edit(_ device: TemporaryStore, _ id: String, _ body: String) throws {
        var edit = NoteEdit()
        edit.body = body
        try device.store.edit(noteID: id, edit)
    }

    @Test func editsToDifferentLinesMergeIntoTheSameNoteOnBothDevices() throws {
        let (a, b, note) = try devicesSharingANote()
        try edit(a, note.id, text.replacingOccurrences(of: "First point", with: "First point, from A"))
        try edit(b, note.id, text.replacingOccurrences(of: "Third point", with: "Third point, from B"))
        try exchange([a, b])
        for device in [a, b] {
            let merged = try device.store.note(id: note.id)
            #expect(merged.body == "Intro\nFirst point, from A\nSecond point\nThird point, from B\nClosing")
            #expect(!merged.hasConflict)
            #expect(try device.store.allNotes().count == 1)
            #expect(try device.store.status().conflictedNotes == 0)
        }
        #expect(try a.store.allNotes() == b.store.allNotes())

        // The next edit on either device follows the merged text: nothing conflicts.
        try edit(b, note.id, "Rewritten\n" + (try b.store.note(id: note.id).body))
        try exchange([a, b])
        #expect(try a.store.note(id: note.id).body.hasPrefix("Rewritten\nIntro\nFirst point, from A"))
        #expect(try a.store.note(id: note.id) == b.store.note(id: note.id))
    }

    @Test func overlappingEditsKeepOneFlaggedNoteUntilResolved() throws {
        let (a, b, note) = try devicesSharingANote()
        let fromA = text.replacingOccurrences(of: "Second point", with: "Second point, as A sees it")
        let fromB = text.replacingOccurrences(of: "Second point", with: "Second point, as B sees it")
        try edit(a, note.id, fromA)
        try edit(b, note.id, fromB)
        // The edit later by clock stays the text (B's, unless both fell in one millisecond).
        let clockOfA = try #require(try a.store.changes(entityID: note.id).last?.timestamp)
        let clockOfB = try #require(try b.store.changes(entityID: note.id).last?.timestamp)
        let (winner, loser) = clockOfB > clockOfA ? (fromB, fromA) : (fromA, fromB)
        try exchange([a, b])
        for device in [a, b] {
            let shown = try device.store.note(id: note.id)
            #expect(shown.body == winner)
            #expect(shown.conflicts.map(\.body) == [loser])
            #expect(try device.store.allNotes().map(\.id) == [note.id])  // no conflict copy
            #expect(try device.store.status().conflictedNotes == 1)
            #expect(try device.store.notes(conflicted: true).map(\.id) == [note.id])
            #expect(Set(try device.store.noteHistory(id: note.id).map(\.text)) == [text, fromA, fromB])
            // Both sides are found by search.
            for word in ["A", "B"] {
                let hits = try device.store.search(try SearchQuery.parse("\"as \(word) sees it\""))
                #expect(hits.map(\.id) == [note.id], "side \(word)")
            }
        }

        // An ordinary edit of the shown text does not end the conflict.
        try edit(a, note.id, winner + "\nA later thought")
        #expect(try a.store.note(id: note.id).conflicts.map(\.body) == [loser])
        try exchange([a, b])
        #expect(try b.store.note(id: note.id).body == winner + "\nA later thought")
        #expect(try b.store.note(id: note.id).hasConflict)

        // Resolving on one device ends it everywhere, keeping the chosen side.
        let resolved = try b.store.resolveConflict(noteID: note.id, body: loser)
        #expect(resolved.body == loser)
        #expect(!resolved.hasConflict)
        try exchange([a, b])
        for device in [a, b] {
            #expect(try device.store.note(id: note.id).body == loser)
            #expect(try device.store.search(try SearchQuery.parse("\"as \(loser == fromA ? "B" : "A") sees it\"")).isEmpty)
            #expect(try device.store.status().conflictedNotes == 0)
            #expect(try device.store.notes(conflicted: true).isEmpty)
        }
        #expect(try a.store.allNotes() == b.store.allNotes())
        #expect(throws: StoreError.noConflict(noteID: note.id)) { try a.store.resolveConflict(noteID: note.id, body: "x") }
    }

    @Test func resolvingANoteWithoutAConflictChangesNothing() throws {
        let (a, _, note) = try devicesSharingANote()
        let before = try a.store.unsyncedChangeCount()
        #expect(throws: StoreError.noConflict(noteID: note.id)) { try a.store.resolveConflict(noteID: note.id, body: "other") }
        #expect(try a.store.note(id: note.id).body == text)
        #expect(try a.store.unsyncedChangeCount() == before)
    }

    @Test func bodiesWrittenBeforeVersionsWereNamedStayLastWriterWins() throws {
        // Changes as a device from before this merge wrote them: plain JSON strings.
        let (a, _, note) = try devicesSharingANote()
        let created = try #require(try a.store.changes(entityID: note.id).first?.timestamp)
        func legacy(_ body: String, _ millis: Int64, _ device: String) throws -> Change {
            Change(
                entity: .note, entityID: note.id, operation: .update, field: "body", value: try FolioJSON.string(body),
                timestamp: HLCTimestamp(wallMillis: created.wallMillis + millis, counter: 0, deviceID: device))
        }
        try a.store.applyRemote([try legacy("Old, later", 2000, "old-b"), try legacy("Old, earlier", 1000, "old-c")])
        let shown = try a.store.note(id: note.id)
        #expect(shown.body == "Old, later")
        #expect(!shown.hasConflict)
    }
}
