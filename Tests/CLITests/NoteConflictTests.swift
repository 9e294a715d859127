import FolioTestSupport
import Foundation
import Testing

/// A note edited on two devices before they sync, end to end: the built `folio` on two
/// devices and a real `folio-server` (issue 4, three-way merge of note bodies).
@Suite struct NoteConflictTests {
    static let text = "Intro\nFirst point\nSecond point\nThird point\nClosing"

    /// Two devices logged in to one server, sharing one standalone note; its id.
    func devicesSharingANote(_ server: ServerProcess) throws -> (CLIHarness, CLIHarness, String) {
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", token]) }
        let added = try #require(try laptop.json(["note", "add", "--standalone"], input: Data(Self.text.utf8)) as? [String: Any])
        let noteID = try #require(added["id"] as? String)
        try laptop.ok(["sync"])
        try phone.ok(["sync"])
        return (laptop, phone, noteID)
    }

    func edit(_ device: CLIHarness, _ noteID: String, _ body: String) throws {
        try device.ok(["note", "edit", noteID, "--text", "-"], input: Data(body.utf8))
    }

    func note(_ device: CLIHarness, _ noteID: String) throws -> [String: Any] {
        let notes = try #require(try device.json(["note", "list"]) as? [[String: Any]])
        #expect(notes.count == 1, "one note, never a conflict copy")
        return try #require(notes.first { $0["id"] as? String == noteID })
    }

    @Test(arguments: Backend.available)
    func editsToDifferentLinesMergeOnEveryDevice(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let (laptop, phone, noteID) = try devicesSharingANote(server)
        try edit(laptop, noteID, Self.text.replacingOccurrences(of: "First point", with: "First point, from the laptop"))
        try edit(phone, noteID, Self.text.replacingOccurrences(of: "Third point", with: "Third point, from the phone"))
        for device in [laptop, phone, laptop] { try device.ok(["sync"]) }
        for device in [laptop, phone] {
            let merged = try note(device, noteID)
            #expect(merged["body"] as? String == "Intro\nFirst point, from the laptop\nSecond point\nThird point, from the phone\nClosing")
            #expect(merged["conflict"] as? Bool == false)
            #expect(!(try device.ok(["note", "list"])).contains("[conflict]"))
            let shown = try device.ok(["note", "show", noteID])
            #expect(shown.contains("First point, from the laptop\nSecond point\nThird point, from the phone"))
            #expect(!shown.contains("[conflict]"))
        }
    }

    @Test(arguments: Backend.available)
    func devicesAreNamedInHistoriesAndConflicts(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("dana")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        try laptop.ok(["login", server.url, "--device-name", "work laptop"], environment: ["FOLIO_TOKEN": token])
        try phone.ok(["login", server.url, "--device-name", "phone"], environment: ["FOLIO_TOKEN": token])
        let added = try #require(try laptop.json(["note", "add", "--standalone"], input: Data(Self.text.utf8)) as? [String: Any])
        let noteID = try #require(added["id"] as? String)
        try laptop.ok(["sync"])
        try phone.ok(["sync"])
        try edit(laptop, noteID, Self.text.replacingOccurrences(of: "Second point", with: "Second point, said the laptop"))
        try edit(phone, noteID, Self.text.replacingOccurrences(of: "Second point", with: "Second point, said the phone"))
        for device in [laptop, phone, laptop] { try device.ok(["sync"]) }

        let history = try #require(try phone.json(["note", "history", noteID]) as? [[String: Any]])
        #expect(Set(history.compactMap { $0["deviceName"] as? String }) == ["work laptop", "phone"])
        let text = try phone.ok(["note", "history", noteID])
        #expect(text.contains("work laptop") && text.contains("this device"))
        #expect(!text.contains("device 0"), "a device shown by its id: \(text)")
        let sides = try #require(
            (try laptop.json(["note", "resolve", noteID]) as? [String: Any])?["sides"] as? [[String: Any]])
        #expect(sides.map { $0["deviceName"] as? String } == ["phone", "work laptop"])
    }

    @Test(arguments: Backend.available)
    func overlappingEditsAreFlaggedAndResolvedOnce(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let (laptop, phone, noteID) = try devicesSharingANote(server)
        let fromLaptop = Self.text.replacingOccurrences(of: "Second point", with: "Second point, said the laptop")
        let fromPhone = Self.text.replacingOccurrences(of: "Second point", with: "Second point, said the phone")
        try edit(laptop, noteID, fromLaptop)
        try edit(phone, noteID, fromPhone)  // later: it stays the text
        try laptop.ok(["sync"])
        let synced = try phone.run(["sync"])
        #expect(synced.status == 0)
        #expect(synced.stderr.contains("1 note is in conflict"))
        let summary = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(summary["conflictedNotes"] as? Int == 1)

        // One note, flagged, on both devices.
        for device in [laptop, phone] {
            let shown = try note(device, noteID)
            #expect(shown["body"] as? String == fromPhone)
            #expect(shown["conflict"] as? Bool == true)
            #expect((shown["conflicts"] as? [[String: Any]])?.compactMap { $0["body"] as? String } == [fromLaptop])
            #expect(try device.ok(["note", "list"]).contains("[conflict]"))
            let conflicted = try #require(try device.json(["note", "list", "--conflicts"]) as? [[String: Any]])
            #expect(conflicted.count == 1)
            let status = try #require(try device.json(["status"]) as? [String: Any])
            #expect(status["conflictedNotes"] as? Int == 1)
            #expect(try device.ok(["status"]).contains("1 in conflict"))
            let page = try device.ok(["note", "show", String(noteID.prefix(13))])
            #expect(page.contains("[conflict]") && page.contains("folio note resolve"))
        }

        // Showing the sides resolves nothing: both bodies and a word diff.
        let shown = try laptop.run(["note", "resolve", noteID])
        #expect(shown.status == 0)
        // The phone logged in without --device-name: it goes by the host name.
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? ""
        #expect(shown.stdout.contains("[1] current, \(host),") && shown.stdout.contains("[2] other, this device"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Second point, said the [-phone-]{+laptop+}"))
        #expect(shown.stderr.contains("nothing resolved"))
        let sides = try #require(try laptop.json(["note", "resolve", noteID]) as? [String: Any])
        #expect((sides["sides"] as? [[String: Any]])?.compactMap { $0["body"] as? String } == [fromPhone, fromLaptop])
        let diff = try #require((sides["diffs"] as? [[[String: Any]]])?.first)
        #expect(diff.contains { $0["kind"] as? String == "removed" && ($0["text"] as? String)?.contains("phone") == true })
        #expect(diff.contains { $0["kind"] as? String == "added" && ($0["text"] as? String)?.contains("laptop") == true })
        let terminal = try laptop.runInTerminal(["note", "resolve", noteID])
        #expect(terminal.contains("\u{1B}[31m") && terminal.contains("\u{1B}[32m"), "removed words red, added green")
        #expect(terminal.contains("Keep which side (1/2), e to edit, q to quit?"))

        // Wrong choices change nothing.
        #expect(try laptop.run(["note", "resolve", noteID, "--keep", "3"]).status == 64)
        #expect(try laptop.run(["note", "resolve", noteID, "--keep", "1", "--edit"]).status == 64)
        let untouched = try laptop.run(["note", "resolve", noteID, "--edit"], environment: ["EDITOR": "true"])
        #expect(untouched.status == 65)
        #expect(untouched.stderr.contains("conflict marker"))
        #expect(try note(laptop, noteID)["conflict"] as? Bool == true)

        // Resolving by hand in $EDITOR on the laptop ends the conflict everywhere.
        let handMade = laptop.home.appendingPathComponent("resolved.txt")
        try Data("Intro\nSecond point, as both devices now say\nClosing\n".utf8).write(to: handMade)
        let resolved = try laptop.run(["note", "resolve", noteID, "--edit"], environment: ["EDITOR": "cp '\(handMade.path)'"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(resolved.stdout.contains("Resolved note"))
        for device in [laptop, phone] { try device.ok(["sync"]) }
        for device in [laptop, phone] {
            let shown = try note(device, noteID)
            #expect(shown["body"] as? String == "Intro\nSecond point, as both devices now say\nClosing")
            #expect(shown["conflict"] as? Bool == false)
            #expect(!(try device.ok(["status"])).contains("in conflict"))
        }
        let again = try phone.run(["note", "resolve", noteID, "--keep", "other"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("has no conflict"))
        let history = try #require(try phone.json(["note", "history", noteID]) as? [[String: Any]])
        // Both edits and the resolution: the first body, which both edits come from, went once
        // both devices had pulled them (compaction rule 6, docs/sync-protocol.md).
        #expect(history.count == 3, "both edits and the resolution")
        #expect(history.last?["body"] as? String == "Intro\nSecond point, as both devices now say\nClosing")
    }

    @Test func keepingTheOtherSideWinsOnEveryDevice() throws {
        let server = try ServerProcess()
        let (laptop, phone, noteID) = try devicesSharingANote(server)
        try edit(laptop, noteID, "Laptop's own words")
        try edit(phone, noteID, "Phone's own words")
        for device in [laptop, phone, laptop] { try device.ok(["sync"]) }
        // Editing the shown text leaves the conflict, and says so.
        let edited = try phone.run(["note", "edit", noteID, "--text", "Phone's own words, revised"])
        #expect(edited.status == 0)
        #expect(edited.stderr.contains("still in conflict"))
        // An export keeps both sides.
        let folder = phone.home.appendingPathComponent("markdown")
        try phone.ok(["export", "--format", "markdown", "--output", folder.path])
        let exported = try String(contentsOf: folder.appendingPathComponent("standalone-notes.md"), encoding: .utf8)
        #expect(exported.contains("Phone's own words, revised") && exported.contains("Another version") && exported.contains("Laptop's own words"))
        let kept = try #require(try phone.json(["note", "resolve", noteID, "--keep", "other"]) as? [String: Any])
        #expect(kept["body"] as? String == "Laptop's own words")
        #expect(kept["conflict"] as? Bool == false)
        for device in [phone, laptop] { try device.ok(["sync"]) }
        #expect(try note(laptop, noteID)["body"] as? String == "Laptop's own words")
        #expect(try note(laptop, noteID)["conflict"] as? Bool == false)
    }
}
