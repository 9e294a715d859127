import Foundation
import Import
import Models
import Testing

/// Each edge case the formats are known for, in small files written here.
@Suite struct EdgeCaseTests {
    static func read(_ text: String, name: String = "test", format: ImportFormat? = nil) throws -> ImportBatch {
        try Importer.read([(name, Data(text.utf8))], format: format)
    }

    static func readError(_ data: Data, name: String = "test", format: ImportFormat? = nil) -> ImportError? {
        do {
            _ = try Importer.read([(name, data)], format: format)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "title,url,time_added,cursor,tags\n",
        "title,url,time_added,cursor,tags,status\n",
        "title,url,time_added,tags,status\n",
    ])
    func everyPocketHeaderGeneration(header: String) throws {
        let row =
            header.contains("status")
            ? "Title,https://example.com/a,1600000000,\(header.contains("cursor") ? "5," : "")a|b c,archive\n"
            : "Title,https://example.com/a,1600000000,5,a|b c\n"
        let batch = try Self.read(header + row)
        let item = try #require(batch.items.first)
        #expect(item.tags == ["a", "b c"], "tags joined by |, spaces inside")
        #expect(item.state == (header.contains("status") ? .archived : .unread))
        #expect(item.savedAt == Date(timeIntervalSince1970: 1_600_000_000))
    }

    @Test func csvWithBOMCRLFAndLineBreaksInQuotedFields() throws {
        let text =
            "\u{FEFF}title,url,time_added,tags,status\r\n\"Two\r\nlines, \"\"quoted\"\"\",\"https://example.com/a?x=1&amp;y=2\n\",1600000000,,unread\r\n"
        let batch = try Self.read(text)
        let item = try #require(batch.items.first)
        #expect(item.title == "Two\r\nlines, \"quoted\"" || item.title == "Two\nlines, \"quoted\"")
        #expect(item.url == "https://example.com/a?x=1&y=2", "entities decoded, the line break inside the URL removed")
    }

    @Test func titlesThatAreTheURLOrCutAt75AreProvisional() throws {
        let cut = String(repeating: "x", count: 75)
        let batch = try Self.read(
            "title,url,time_added,tags,status\nhttps://example.com/a,https://example.com/a,1,,unread\n\(cut),https://example.com/b,1,,unread\nA &amp; B,https://example.com/c,1,,unread\n"
        )
        #expect(batch.items.map(\.titleIsProvisional) == [true, true, false])
        #expect(batch.items[2].title == "A & B", "entities decoded in titles")
    }

    @Test(arguments: [("1600000000", 1_600_000_000.0), ("1600000000123", 1_600_000_000.123), ("1600000000123456", 1_600_000_000.123456)])
    func epochDatesInSecondsMillisecondsAndMicroseconds(text: String, seconds: Double) throws {
        let date = try #require(ImportDate.parse(text))
        #expect((date.timeIntervalSince1970 * 1e6).rounded() == (seconds * 1e6).rounded(), "the same instant to the microsecond")
    }

    @Test func isoDatesWithEitherOffsetForm() throws {
        let expected = Date(timeIntervalSince1970: 1_473_328_558)  // 2016-09-08T09:55:58Z
        #expect(ImportDate.parse("2016-09-08T11:55:58+0200") == expected)
        #expect(ImportDate.parse("2016-09-08T11:55:58+02:00") == expected)
        #expect(ImportDate.parse("2016-09-08 09:55:58.000000+00:00") == expected)
        #expect(ImportDate.parse("2016-09-08T09:55:58.000Z") == expected)
        #expect(ImportDate.parse("not a date") == nil)
    }

    @Test func instapaperFiveAndSixColumnGenerations() throws {
        let five = try Self.read("URL,Title,Selection,Folder,Timestamp\r\nhttps://example.com/a,A,,Archive,1600000000\r\n")
        #expect(five.items.first?.state == .archived)
        #expect(five.items.first?.savedAt == Date(timeIntervalSince1970: 1_600_000_000))
        let six = try Self.read(
            "URL,Title,Selection,Folder,Timestamp,Tags\nhttps://example.com/a,A,picked text,Unread,1600000001,\"[\"\"coding\"\",\"\"swift\"\"]\"\nabout:blank,,,Unread,1600000002,[]\nhttps://example.com/a,A again,,Starred,1500000000,\n"
        )
        #expect(six.items.count == 1, "the duplicate merged, about:blank skipped")
        let item = try #require(six.items.first)
        #expect(item.tags == ["coding", "swift"])
        #expect(item.starred, "starred by the duplicate")
        #expect(item.savedAt == Date(timeIntervalSince1970: 1_500_000_000), "the earliest date of the two")
        #expect(item.notes == ["picked text"])
        #expect(six.mergedDuplicates == 1)
        #expect(six.skipped.map(\.reason) == [.notWebPage])
    }

    @Test func instapaperHTMLExport() throws {
        let batch = try Self.read(
            "<!DOCTYPE html><html><head><title>Instapaper: Export</title></head><body><h1>Unread</h1><ol><li><a href=\"https://example.com/a\">A</a></li></ol><h1>Archive</h1><ol><li><a href=\"https://example.com/b\">B</a></li></ol><h1>Reading list</h1><ol><li><a href=\"https://example.com/c\">C</a></ol></body></html>"
        )
        #expect(batch.items.map(\.state) == [.unread, .archived, .unread])
        #expect(batch.items[2].tags == ["Reading list"])
    }

    @Test func pocketZipWithTwoPartsAndAnnotations() throws {
        let zip = try ZipFixture.make([
            ("part_000001.csv", "title,url,time_added,tags,status\nSecond,https://example.com/second,1600000002,,archive\n"),
            ("part_000000.csv", "title,url,time_added,tags,status\nFirst,https://example.com/first,1600000001,,unread\n"),
            (
                "annotations/part_000000.json",
                #"[{"url":"https://example.com/first","title":"First","highlights":[{"quote":"a passage\nover two paragraphs","created_at":1600000100},{"quote":"","created_at":1600000101}]}]"#
            ),
        ])
        #expect(ImportFormat.detect(zip) == .pocket)
        let batch = try Importer.read([("pocket.zip", zip)])
        #expect(batch.items.map(\.url) == ["https://example.com/first", "https://example.com/second"], "parts in numeric order")
        #expect(
            batch.items[0].highlights == [
                ImportedHighlight(quote: "a passage\nover two paragraphs", createdAt: Date(timeIntervalSince1970: 1_600_000_100))
            ])
        #expect(batch.highlightCount == 1, "the empty quote is dropped")
        #expect(batch.items[0].location.file == "pocket.zip:part_000000.csv")
        let older = try ZipFixture.make([("part_000000.csv", "title,url,time_added,tags,status\nOnly,https://example.com/only,1600000001,,unread\n")])
        #expect(try Importer.read([("old.zip", older)]).items.count == 1, "zips before March 2025 have no annotations")
    }

    @Test func truncatedZipIsFatal() throws {
        let zip = try ZipFixture.make([("part_000000.csv", "title,url,time_added,tags,status\nA,https://example.com/a,1,,unread\n")])
        let error = Self.readError(zip.prefix(zip.count - 30), name: "cut.zip", format: .pocket)
        guard case .brokenZip(let file, _)? = error else {
            Issue.record("expected a broken zip, got \(String(describing: error))")
            return
        }
        #expect(file == "cut.zip")
    }

    @Test func csvWithoutURLColumnAndInvalidUTF8AreFatal() throws {
        #expect(Self.readError(Data("title,time_added\nA,1\n".utf8), format: .pocket) == .missingColumn(file: "test", column: "url"))
        var bytes = Data("title,url,time_added,tags,status\nA,https://example.com/a,1,,unread\n".utf8)
        bytes.append(contentsOf: [0x42, 0xFF, 0xFE, 0x2C, 0x0A])
        #expect(Self.readError(bytes) == .invalidUTF8(file: "test", row: 3))
        #expect(Self.readError(Data()) == .malformed(file: "test", reason: "the file is empty"))
        #expect(Self.readError(Data("just some words".utf8)) == .unrecognized(file: "test"))
    }

    @Test func omnivoreZipWithContentHighlightsAndNumericOrder() throws {
        let meta = { (slug: String, url: String) in
            #"[{"id":"1","slug":"\#(slug)","title":"T \#(slug)","url":"\#(url)","state":"Active","readingProgress":40,"labels":["Swift"],"savedAt":"2024-10-01T10:00:00.000Z","publishedAt":null}]"#
        }
        let highlights = "Worth rereading.\n\n> The first passage \n\n#ideas #later\n\nMy note on it.\n\n> A quote with\n>\nits second paragraph \n"
        let zip = try ZipFixture.make([
            ("metadata_20_to_40.json", meta("b", "https://example.com/b")),
            ("metadata_100_to_120.json", meta("c", "https://example.com/c")),
            ("metadata_0_to_20.json", meta("a", "https://example.com/a")),
            ("content/a.html", "<html><body><article><h1>T a</h1><p>The first passage of a long article, and more.</p></article></body></html>"),
            ("highlights/a.md", highlights),
        ])
        #expect(ImportFormat.detect(zip) == .omnivore)
        let batch = try Importer.read([("omnivore.zip", zip)])
        #expect(batch.items.map(\.url) == ["https://example.com/a", "https://example.com/b", "https://example.com/c"])
        let a = batch.items[0]
        #expect(a.progress == 0.4)
        #expect(a.tags == ["Swift"])
        #expect(a.content?.contains("The first passage of a long article") == true)
        #expect(batch.items[1].content == nil, "no content file: fetched later")
        #expect(a.notes == ["Worth rereading."])
        #expect(a.highlights.count == 2)
        #expect(a.highlights[0] == ImportedHighlight(quote: "The first passage", note: "My note on it.", tags: ["ideas", "later"]))
        #expect(a.highlights[1].quote == "A quote with\n\nits second paragraph")
        #expect(a.highlights[1].note.isEmpty)
    }

    @Test func netscapeLinkdingAndUnclosedMultilineDescriptions() throws {
        let text = """
            <!DOCTYPE NETSCAPE-Bookmark-file-1>
            <DL><p>
            <DT><A HREF="https://example.com/a" ADD_DATE="1600000000" TAGS="one , two	,three" TOREAD="1">A</A>
            <DD>[linkding-notes]First line
            second line[/linkding-notes]
            <DT><A HREF="https://example.com/b" ADD_DATE="1600000000000" private="1">B</A>
            <DT><H3>Tech</H3>
            <DL><p>
              <DT><H3>Swift</H3>
              <DL><p>
                <DT><A HREF="https://example.com/c?a=1&amp;b=2">C</A>
              </DL><p>
            </DL><p>
            <DT><A HREF="javascript:alert(1)">bookmarklet</A>
            <DT><A HREF="mailto:someone@example.com">mail</A>
            </DL><p>
            """
        let batch = try Self.read(text)
        #expect(batch.items.count == 3)
        #expect(batch.items[0].tags == ["one", "two", "three"])
        #expect(batch.items[0].notes == ["First line\nsecond line"])
        #expect(batch.items[0].state == .unread)
        #expect(batch.items[1].state == .archived, "in a file that marks unread ones, the others were read")
        #expect(batch.items[1].savedAt == Date(timeIntervalSince1970: 1_600_000_000), "milliseconds")
        #expect(batch.items[2].url == "https://example.com/c?a=1&b=2")
        #expect(batch.items[2].tags == ["Tech/Swift"])
        #expect(batch.skipped.count == 2)
    }

    @Test func googleExportWithoutDoctype() throws {
        let batch = try Self.read(
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n<TITLE>Bookmarks</TITLE>\n<DL><p>\n<DT><A HREF=\"https://example.com/\" ADD_DATE=\"1515515697780642\">E</A>\n</DL><p>\n"
        )
        #expect(batch.items.first?.savedAt == Date(timeIntervalSince1970: 1_515_515_697.780642))
    }

    @Test func wallabagAnnotationsAndNumericFlags() throws {
        let batch = try Self.read(
            #"[{"id":12,"title":"W","url":"https://example.com/w","is_archived":1,"is_starred":0,"created_at":"2020-01-02T03:04:05+0100","tags":["a","b"],"content":"<p>Some text here that matters.</p>","annotations":[{"text":"my note","quote":"text here","ranges":[{"start":"/p[1]","startOffset":"5","end":"/p[1]","endOffset":"14"}]}]}]"#
        )
        let item = try #require(batch.items.first)
        #expect(item.state == .archived)
        #expect(!item.starred)
        #expect(item.tags == ["a", "b"])
        #expect(item.highlights == [ImportedHighlight(quote: "text here", note: "my note")])
        #expect(item.content?.contains("Some text here that matters.") == true)
    }

    @Test func readwiseReaderAndHighlightsJoinedByTitle() throws {
        let reader = """
            Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen
            Deep Work,https://example.com/deep,1,"['focus', ""it's"", 'peanut, butter']",2025-01-20 22:13:02.447000+00:00,0.5,archive,True
            Forwarded,mailto:reader-forwarded-email/abc,2,[],2025-01-20 22:13:02+00:00,0,new,False
            """
        let highlights = """
            Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags
            Attention is scarce.,Deep Work,Cal,,So true,yellow,ideas,offset,1,2025-01-21 10:00:00+00:00,
            A line from a book.,Some Book,An Author,,,yellow,,location,2,2025-01-22 10:00:00+00:00,
            """
        let batch = try Importer.read([("reader.csv", Data(reader.utf8)), ("highlights.csv", Data(highlights.utf8))])
        let item = try #require(batch.items.first)
        #expect(item.tags == ["focus", "it's", "peanut, butter"])
        #expect(item.state == .archived)
        #expect(item.progress == 0.5)
        #expect(item.savedAt == ImportDate.parse("2025-01-20T22:13:02.447Z"))
        #expect(item.highlights.map(\.quote) == ["Attention is scarce."])
        #expect(item.highlights.first?.note == "So true")
        #expect(batch.skipped.map(\.reason) == [.notWebPage], "emailed items have no web page")
        #expect(batch.looseHighlights.count == 1)
        #expect(batch.looseHighlights.first?.standaloneBody == "— Some Book, An Author")
    }

    @Test func raindropKarakeepLinkwardenGoodLinks() throws {
        let raindrop = try Self.read(
            "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n1,R,a note,ex,https://example.com/r,Tech/Swift,\"a, b\",2024-05-01T10:00:00.000Z,,\"Highlight: one passage\nHighlight: another\",true\n"
        )
        let r = try #require(raindrop.items.first)
        #expect(r.tags == ["Tech/Swift", "a", "b"])
        #expect(r.starred)
        #expect(r.notes == ["a note"])
        #expect(r.highlights.map(\.quote) == ["one passage", "another"])
        let karakeep = try Self.read(
            #"{"bookmarks":[{"createdAt":1700000000,"title":"K","tags":["t"],"lists":["l2"],"content":{"type":"link","url":"https://example.com/k"},"note":"kn","archived":true},{"createdAt":1700000000,"title":"Text only","tags":[],"lists":[],"content":{"type":"text","text":"hello"},"note":null,"archived":false}],"lists":[{"id":"l1","name":"Reading","parentId":null},{"id":"l2","name":"Later","parentId":"l1"}]}"#
        )
        #expect(karakeep.items.count == 1)
        #expect(karakeep.items.first?.tags == ["t", "Reading/Later"])
        #expect(karakeep.items.first?.state == .archived)
        #expect(karakeep.skipped.map(\.reason) == [.noURL])
        let linkwarden = try Self.read(
            #"{"name":"me","collections":[{"id":1,"name":"Research","parentId":null,"links":[{"name":"L","url":"https://example.com/l","description":"d","createdAt":"2024-01-01T00:00:00.000Z","tags":[{"name":"x"}]}]}],"pinnedLinks":[{"url":"https://example.com/l"}]}"#
        )
        #expect(linkwarden.items.first?.tags == ["x", "Research"])
        #expect(linkwarden.items.first?.starred == true)
        let goodlinks = try Self.read(
            #"[{"title":"G","url":"https://example.com/g","tags":["y"],"starred":true,"addedAt":1700000000.5,"readAt":1700000100}]"#
        )
        #expect(goodlinks.items.first?.starred == true)
        #expect(goodlinks.items.first?.state == .archived)
        #expect(goodlinks.items.first?.savedAt == Date(timeIntervalSince1970: 1_700_000_000.5))
    }

    @Test func forcedFormatOverridesDetection() throws {
        #expect(Self.readError(Data("url\nhttps://example.com\n".utf8), format: .pocket) == nil)
        #expect(Self.readError(Data("{}".utf8), format: .karakeep) == .malformed(file: "test", reason: "expected an object with a bookmarks array"))
    }
}
