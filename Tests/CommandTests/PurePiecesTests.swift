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

    @Test func theSingleColumnScalarsAreOneColumnCharactersThatJoinNothing() {
        // Every scalar the fast path counts as one column is one by the character path too.
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0xE000...0xF8FF]
        for range in ranges {
            for value in range where DisplayWidth.isSingleColumn(value) {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(DisplayWidth.of(Character(scalar)) == 1, "U+\(String(value, radix: 16))")
                // Between two letters it stays a character of its own.
                #expect("a\(scalar)b".count == 3, "U+\(String(value, radix: 16))")
            }
        }
        #expect(!DisplayWidth.isSingleColumn(0xAD), "the soft hyphen takes no column")
        #expect(!DisplayWidth.isSingleColumn(0x301), "a combining accent joins the letter before it")
        #expect(!DisplayWidth.isSingleColumn(0x200D), "a zero-width joiner")
        // Words with such scalars measure as before; one with a combining accent falls back.
        #expect(DisplayWidth.of(utf8: "\u{E000}Markt\u{E001}…".utf8[...]) == 8)
        #expect(DisplayWidth.of(utf8: "Cafe\u{301}".utf8[...]) == 4)
        #expect(DisplayWidth.of(utf8: "日本".utf8[...]) == 4)
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

/// Exports other tools read (`folio export --format netscape|csv`).
@Suite struct BookmarkExportTests {
    static let saved = ISODate.parse("2026-01-02T03:04:05Z") ?? Date()

    static func article(_ title: String, url: String?, tags: [String] = [], state: Article.State = .unread) -> Article {
        Article(url: url, title: title, savedAt: saved, content: "x", tags: tags, state: state, starred: true, progress: 0.5)
    }

    @Test func csvFollowsRFC4180() {
        let articles = [
            Self.article("Plain", url: "https://example.com/a", tags: ["news", "world"]),
            Self.article("Say \"yes\", then\nno", url: nil, state: .archived),
        ]
        let csv = BookmarkExport.csv(articles)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "url,title,byline,site,published,saved,tags,state,starred,progress")
        #expect(lines[1] == "https://example.com/a,Plain,,example.com,,2026-01-02T03:04:05.000Z,\"news,world\",unread,true,0.5")
        #expect(csv.contains(",\"Say \"\"yes\"\", then\nno\",,,,2026-01-02T03:04:05.000Z,,archived,true,0.5\r\n"))
        #expect(csv.hasSuffix("\r\n"))
    }

    @Test func netscapeEscapesAndCarriesTagsDatesStateAndNotes() {
        let unread = Self.article("Fish & <chips> \"now\"", url: "https://example.com/?a=1&b=2", tags: ["food"])
        let read = Self.article("Read", url: "https://example.com/r", state: .archived)
        let local = Self.article("No URL", url: nil)
        let note = Note(articleID: unread.id, quote: "a passage", body: "my <b>view</b>")
        let html = BookmarkExport.netscape([unread, read, local], notes: [unread.id: [note]])
        #expect(html.hasPrefix("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"))
        #expect(
            html.contains(
                #"<DT><A HREF="https://example.com/?a=1&amp;b=2" ADD_DATE="1767323045" LAST_MODIFIED="1767323045" TAGS="food" TOREAD="1">Fish &amp; &lt;chips&gt; &quot;now&quot;</A>"#
            ))
        #expect(html.contains("<DD>&gt; a passage\nmy &lt;b&gt;view&lt;/b&gt;\n"))
        #expect(html.contains(#"<A HREF="https://example.com/r" ADD_DATE="1767323045" LAST_MODIFIED="1767323045">Read</A>"#), "no TOREAD")
        #expect(!html.contains("No URL"), "a bookmark needs a URL")
        #expect(html.hasSuffix("</DL><p>\n"))
    }
}
