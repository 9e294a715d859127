import FolioTestSupport
import Foundation
import Import
import Models
import Testing

/// The real export files other projects committed (`../shared/data/imports`): each found from
/// its content and read with what it says.
@Suite struct SampleFilesTests {
    static func sample(_ path: String) throws -> (name: String, data: Data) {
        let url = CLIHarness.sharedData.appendingPathComponent("imports").appendingPathComponent(path)
        return (path, try Data(contentsOf: url))
    }

    static func read(_ path: String) throws -> ImportBatch {
        try Importer.read([try sample(path)])
    }

    static func item(_ batch: ImportBatch, _ urlPart: String) throws -> ImportedItem {
        try #require(batch.items.first { $0.url.contains(urlPart) }, "no item with \(urlPart)")
    }

    @Test(arguments: [
        ("pocket/pocket.csv", ImportFormat.pocket), ("pocket/ril_export.html", .pocket),
        ("instapaper/instapaper-export.csv", .instapaper), ("omnivore/metadata_0_to_20.json", .omnivore),
        ("wallabag/wallabag-v1-read.json", .wallabag), ("wallabag/wallabag-v2-read.json", .wallabag),
        ("pinboard/pinboard_export.json", .pinboard), ("browser-json/chrome-bookmarks.json", .browser),
        ("browser-json/firefox-bookmarks.json", .browser), ("netscape/chromium_nested.htm", .netscape),
        ("netscape/firefox_nested.htm", .netscape), ("netscape/internet_explorer_11_nested.htm", .netscape),
        ("netscape/safari_folded.htm", .netscape), ("netscape/google_bookmarks_nested.htm", .netscape),
        ("netscape/delicious.htm", .netscape), ("netscape/shaarli_markdown.htm", .netscape),
        ("netscape/netscape_extended.htm", .netscape),
    ])
    func formatIsFoundFromTheContent(path: String, format: ImportFormat) throws {
        #expect(ImportFormat.detect(try Self.sample(path).data) == format)
    }

    @Test func pocketCSVKeepsStateDatesAndMarksCutTitles() throws {
        let batch = try Self.read("pocket/pocket.csv")
        #expect(batch.items.count == 7)
        #expect(batch.skipped.isEmpty)
        let jquery = try Self.item(batch, "youmightnotneedjquery")
        #expect(jquery.title == "You Might Not Need jQuery")
        #expect(!jquery.titleIsProvisional)
        #expect(jquery.savedAt == Date(timeIntervalSince1970: 1_600_322_788))
        #expect(jquery.state == .unread)
        #expect(try Self.item(batch, "archivebox").state == .archived)
        let cut = try Self.item(batch, "jp-lambert.me")
        #expect(cut.title?.count == 75)
        #expect(cut.titleIsProvisional, "Pocket cut titles at 75 characters")
        // A quoted title with a blank line inside stays one field.
        #expect(batch.items.contains { ($0.title ?? "").contains("\n\n") })
    }

    @Test func pocketHTMLTakesTheStateFromItsSection() throws {
        let batch = try Self.read("pocket/ril_export.html")
        #expect(batch.items.count == 2)
        let first = try Self.item(batch, "lapins-ravagent")
        #expect(first.state == .unread)
        #expect(first.tags == ["ifttt", "new_entry_simple"])
        #expect(first.savedAt == Date(timeIntervalSince1970: 1_688_628_695))
        #expect(first.title == "Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé")
    }

    @Test func instapaperFoldersBecomeStateStarAndTags() throws {
        let batch = try Self.read("instapaper/instapaper-export.csv")
        #expect(batch.items.count == 4)
        #expect(try Self.item(batch, "theguardian").state == .unread)
        #expect(try Self.item(batch, "redditblog").state == .archived)
        #expect(try Self.item(batch, "foursquare").starred)
        #expect(try Self.item(batch, "covfefe").tags == ["test_tag"])
        #expect(batch.items.allSatisfy { $0.savedAt == nil }, "the 4-column generation has no dates")
    }

    @Test func omnivoreMetadataKeepsLabelsStateAndDates() throws {
        let batch = try Self.read("omnivore/metadata_0_to_20.json")
        #expect(batch.items.count == 20)
        let first = try Self.item(batch, "breitling")
        #expect(first.state == .archived)
        #expect(first.byline == "Juliette Garnier")
        #expect(first.savedAt != nil)
        #expect(batch.items.contains { $0.tags == ["RSS", "TEST"] })
    }

    @Test func wallabagBothVersionsWithContent() throws {
        let v2 = try Self.read("wallabag/wallabag-v2-read.json")
        #expect(v2.items.count == 2)
        let anne = try Self.item(v2, "anne-frank")
        #expect(anne.state == .archived)
        #expect(anne.savedAt == ImportDate.parse("2016-09-08T11:55:58+02:00"))
        #expect((anne.content ?? "").count > 200, "the content is the article, as Markdown")
        #expect(!(anne.content ?? "").contains("<p>"))
        let v1 = try Self.read("wallabag/wallabag-v1-read.json")
        #expect(!v1.items.isEmpty)
        let features = try Self.item(v1, "wallabag.org/features")
        #expect(features.starred, "is_fav \"1\"")
        #expect(features.content != nil)
    }

    @Test func pinboardJSON() throws {
        let batch = try Self.read("pinboard/pinboard_export.json")
        #expect(batch.items.count == 3)
        let scroller = try Self.item(batch, "infinite-scroller")
        #expect(scroller.title == "Complexities of an Infinite Scroller")
        #expect(scroller.tags == ["infinite", "dom", "performance", "scroll"])
        #expect(scroller.state == .archived, "toread no")
        #expect(scroller.notes.first?.hasPrefix("TL;DR") == true)
        #expect(scroller.savedAt == ImportDate.parse("2016-10-31T15:57:56Z"))
    }

    @Test func browserJSONBookmarks() throws {
        let chrome = try Self.read("browser-json/chrome-bookmarks.json")
        #expect(chrome.items.count == 1)
        let item = try #require(chrome.items.first)
        // 13118850929335823 µs since 1601 is 2016-09-20.
        #expect(item.savedAt.map { ISODate.formatDay($0) } == "2016-09-20")
        #expect(item.tags.isEmpty, "the bookmark bar is the browser's own folder")
        let firefox = try Self.read("browser-json/firefox-bookmarks.json")
        #expect(firefox.items.count == 2)
        #expect(try Self.item(firefox, "lapins").tags.contains("test"))
    }

    @Test func netscapeFilesFromEveryBrowser() throws {
        let chromium = try Self.read("netscape/chromium_nested.htm")
        #expect(chromium.items.count == 18)
        #expect(chromium.items.contains { $0.tags.contains { $0.contains("/") } }, "nested folders as paths")
        let firefox = try Self.read("netscape/firefox_nested.htm")
        #expect(firefox.skipped.count == 3)
        #expect(firefox.skipped.allSatisfy { $0.reason == .notWebPage && $0.detail.hasPrefix("place:") })
        let elves = try Self.item(firefox, "timeline-of-the-elves")
        #expect(elves.tags.contains("tolkien"))
        #expect(elves.savedAt == Date(timeIntervalSince1970: 1_463_686_918))
        let ie = try Self.read("netscape/internet_explorer_11_nested.htm")
        #expect(ie.items.count == 27, "the BOM before the DOCTYPE does not hide anything")
        let safari = try Self.read("netscape/safari_folded.htm")
        #expect(safari.items.count == 3)
        #expect(try Self.item(safari, "wikipedia").tags == ["Autre Divers/doc"], "no root list: folders are siblings")
        let google = try Self.read("netscape/google_bookmarks_nested.htm")
        #expect(try Self.item(google, "wordhippo").savedAt == Date(timeIntervalSince1970: 1_515_515_697.780642))
        let delicious = try Self.read("netscape/delicious.htm")
        #expect(delicious.items.count == 5)
        #expect(try Self.item(delicious, "export-firefox-bookmarks").tags.contains("bookmark"))
        #expect(try Self.item(delicious, "export-firefox-bookmarks").notes.first?.hasPrefix("Export your bookmarks") == true)
        let shaarli = try Self.read("netscape/shaarli_markdown.htm")
        #expect(shaarli.items.isEmpty && shaarli.skipped.count == 3, "relative links are notes of Shaarli's, not web pages")
    }
}
