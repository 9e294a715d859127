import ArgumentParser
import Foundation
import Models
import Storage
import Sync
import Testing
import Web

@testable import CLI

/// The CLI's pure pieces, in process: no binary, no terminal, no store file.
@Suite struct PurePiecesTests {
    @Test func tagChangesReadAsTyped() {
        let changes = TagChanges(["+reading", "-inbox", "politics", "+", "-"])
        #expect(changes.add == ["reading", "politics", ""])
        #expect(changes.remove == ["inbox", ""])
    }

    @Test func markdownFilesAreNamedByDateTitleAndIDTail() {
        let article = Article(
            id: "01900000-0000-7000-8000-7c1d8a9b0c1d", title: "Nearly three years after: the war?",
            publishedAt: ISODate.parse("2025-02-08T10:00:00Z"), content: "Text.")
        #expect(MarkdownExport.fileName(for: article) == "2025-02-08-nearly-three-years-after-the-war-7c1d8a9b0c1d.md")
        var taken: Set<String> = [MarkdownExport.fileName(for: article).uppercased().lowercased()]
        #expect(MarkdownExport.uniqueFileName(for: article, taken: &taken) == "2025-02-08-nearly-three-years-after-the-war-7c1d8a9b0c1d-2.md")
        let untitled = Article(id: "01900000-0000-7000-8000-000000000001", title: "???", content: "x")
        #expect(MarkdownExport.fileName(for: untitled).contains("-article-000000000001.md"))
    }

    @Test func markdownKeepsEveryPartOfANoteAndQuotesYAML() {
        let article = Article(title: "Say \"no\"\nagain", content: "Body text.", tags: ["a b"])
        var note = Note(articleID: article.id, quote: "line one\nline two", body: "My words")
        note.conflicts = [NoteConflict(body: "Other words", versions: [])]
        let document = MarkdownExport.document(article, notes: [note])
        #expect(document.contains(#"title: "Say \"no\"\nagain""#))
        #expect(document.contains(#"tags: ["a-b"]"#))
        #expect(document.contains("\n# Say \"no\" again\n"), "the heading is one line")
        #expect(document.contains("Body text.\n\n## Notes\n"), "the notes heading starts its own block")
        #expect(document.contains("> line one\n> line two\n\nMy words\n"))
        #expect(document.contains("Other words"), "both sides of a conflict are exported")
    }

    @Test func wrappingKeepsParagraphsAndWidth() {
        let text = "one two three four five six seven eight nine ten eleven twelve\n\nnext paragraph"
        let wrapped = Format.wrap(text, width: 24, indent: "  ")
        for line in wrapped.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(DisplayWidth.of(String(line)) <= 24, "\(line)")
            #expect(line.isEmpty || line.hasPrefix("  "))
        }
        #expect(wrapped.contains("\n\n  next paragraph"))
        #expect(wrapped.replacingOccurrences(of: "\n  ", with: " ").contains("eleven twelve"))
    }

    @Test func wideCharactersTakeTwoColumnsAndAreCutWhole() {
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("abc") == 3)
        let cut = DisplayWidth.truncate("日本語のニュース", to: 7)
        #expect(DisplayWidth.of(cut) <= 7)
        #expect(cut.hasSuffix("…"))
    }

    @Test func aConflictDraftNamesEverySideAndRefusesLeftoverMarkers() throws {
        let date = try #require(ISODate.parse("2026-03-01T09:00:00Z"))
        let sides = [
            ConflictSide(number: 1, role: "current", body: "Mine", device: "d1", date: date, versions: []),
            ConflictSide(number: 2, role: "other", body: "Theirs\n", device: "d2", deviceName: "phone", date: date, versions: []),
        ]
        let devices = DeviceLabels(ownDevice: "d1", names: ["d2": "phone"])
        let draft = ResolveNote.draft(sides, devices: devices)
        #expect(draft.hasPrefix("<<<<<<< [1] current, this device, 2026-03-01T09:00:00.000Z\nMine\n======= [2] other, phone,"))
        #expect(draft.contains("Theirs\n>>>>>>> "))
        #expect(throws: CLIError.self) { try ResolveNote.edited(draft) }
        #expect(throws: CLIError.self) { try ResolveNote.edited("  \n") }
        #expect(try ResolveNote.edited("Mine and theirs\n") == "Mine and theirs")
    }

    @Test func everyErrorHasOneLineAndTheExitCodeScriptsExpect() {
        let cases: [(any Error, Int32)] = [
            (StoreError.notFound(kind: "article", id: "3f2a"), 66),
            (StoreError.busy(path: "/s", seconds: 10), 75),
            (StoreError.newerVersion(path: "/s"), 78),
            (SyncError.notLoggedIn, 78),
            (SyncError.notAuthorized(server: "https://s"), 77),
            (SyncError.unreachable("cannot reach https://s: refused"), 69),
            (SyncError.invalidServerURL("ftp://s"), 64),
            (SyncError.tooManyRemovals(count: 9, library: 10), 65),
            (CLIError.fileNotFound("a.txt"), 66),
            (CLIError.interrupted("stopped"), 130),
            (CLIError.usage("no"), 64),
        ]
        for (error, code) in cases {
            let report = ErrorReport.describe(error)
            #expect(report?.code.rawValue == code, "\(error)")
            #expect(report.map { !$0.message.contains("\n") && !$0.message.isEmpty } == true, "\(error)")
        }
        struct Foreign: Error {}
        #expect(ErrorReport.describe(Foreign()) == nil, "the argument parser's own errors keep its handling")
    }

    @Test func mistypedCommandsGetASuggestion() {
        let error = CommandSuggestion.check(["lsit"], root: Folio.self)
        #expect(error?.description.contains("folio list") == true)
        #expect(CommandSuggestion.check(["list"], root: Folio.self) == nil)
        #expect(CommandSuggestion.check(["note", "ad"], root: Folio.self)?.description.contains("folio note add") == true)
    }

    @Test func commandsParseInProcess() throws {
        let list = try #require(try Folio.parseAsRoot(["list", "-n", "3", "--sort", "title"]) as? List)
        #expect(list.limit == 3)
        #expect(throws: (any Error).self) { try Folio.parseAsRoot(["list", "--jsn"]) }
        let help = Folio.helpMessage()
        for group in ["SAVE AND READ", "ORGANIZE", "NOTES", "TRASH", "FROM THE WEB", "MOVE IN AND OUT", "SYNC"] {
            #expect(help.contains(group + " SUBCOMMANDS:"), "\(group)")
        }
    }
}
