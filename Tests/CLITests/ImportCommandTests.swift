import FolioTestSupport
import Foundation
import Testing

/// `folio import` of other tools' exports, run as a user runs it: one transaction, duplicates
/// merged, highlights as notes, a summary that says what happened, round trips with the exports.
@Suite struct ImportCommandTests {
    static func sample(_ path: String) -> String {
        CLIHarness.sharedData.appendingPathComponent("imports").appendingPathComponent(path).path
    }

    /// The library as `folio export` gives it, without the export's own time.
    static func library(_ cli: CLIHarness) throws -> [String: Any] {
        let text = try cli.ok(["export", "--format", "json"])
        var export = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        export["exportedAt"] = nil
        return export
    }

    static func articles(_ cli: CLIHarness) throws -> [[String: Any]] {
        try #require(try cli.json(["list", "--limit", "1000"]) as? [[String: Any]])
    }

    static func write(_ text: String, _ name: String, in cli: CLIHarness) throws -> String {
        let file = cli.home.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func importingTheSameFilesTwiceChangesNothingTheSecondTime() throws {
        let cli = try CLIHarness()
        let files = [Self.sample("pocket/pocket.csv"), Self.sample("netscape/firefox_nested.htm"), Self.sample("wallabag/wallabag-v2-read.json")]
        let first = try cli.run(["import"] + files)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Imported: added 30, merged 0 duplicates"), "\(first.stdout)")
        #expect(first.stdout.contains("skipped 3 (3 not a web page)"))
        #expect(first.stderr.contains("firefox_nested.htm, row 1: not a web page (place:"))
        let library = try Self.library(cli)
        let status = try #require(try cli.json(["status"]) as? [String: Any])
        let second = try cli.ok(["import"] + files)
        #expect(second.contains("added 0, merged 30 duplicates"), "\(second)")
        #expect(NSDictionary(dictionary: try Self.library(cli)).isEqual(to: library), "the library is as it was")
        let statusAfter = try #require(try cli.json(["status"]) as? [String: Any])
        #expect(statusAfter["unsyncedChanges"] as? Int == status["unsyncedChanges"] as? Int, "no change recorded")
    }

    @Test func importedArticlesKeepStateTagsDatesAndContent() throws {
        let cli = try CLIHarness()
        try cli.ok(["import", "--tag", "Moved In", Self.sample("pocket/pocket.csv"), Self.sample("wallabag/wallabag-v2-read.json")])
        let articles = try Self.articles(cli)
        let archived = try #require(articles.first { ($0["url"] as? String)?.contains("archivebox") == true })
        #expect(archived["state"] as? String == "archived")
        #expect(archived["contentStatus"] as? String == "pending")
        #expect((archived["savedAt"] as? String)?.hasPrefix("2020-09-24T15:31:36") == true)
        #expect((archived["tags"] as? [String])?.contains("moved-in") == true, "--tag on everything")
        let wallabag = try #require(articles.first { ($0["url"] as? String)?.contains("anne-frank") == true })
        #expect(wallabag["contentStatus"] as? String == "ready", "wallabag's content is the article")
        #expect((wallabag["wordCount"] as? Int ?? 0) > 100)
        let hits = try #require(try cli.json(["search", "Wikimedia"]) as? [[String: Any]])
        #expect(!hits.isEmpty, "imported text is searchable")
    }

    @Test func dryRunPrintsTheSummaryAndChangesNothing() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let before = try Self.library(cli)
        let result = try cli.ok(["import", "--dry-run", Self.sample("netscape/chromium_nested.htm")])
        #expect(result.contains("Would import: added 18"), "\(result)")
        #expect(NSDictionary(dictionary: try Self.library(cli)).isEqual(to: before))
    }

    @Test func jsonSummaryListsEverySkippedRow() throws {
        let cli = try CLIHarness()
        let file = try Self.write(
            "URL,Title,Selection,Folder,Timestamp\nhttps://example.com/a,A,,Unread,1600000000\nabout:blank,,,Unread,1600000001\n,Nothing,,Unread,1600000002\nhttps://example.com/a,A,,Archive,1500000000\n",
            "instapaper.csv", in: cli)
        let summary = try #require(try cli.json(["import", file]) as? [String: Any])
        #expect(summary["added"] as? Int == 1)
        #expect(summary["mergedDuplicates"] as? Int == 1)
        #expect(summary["withoutDate"] as? Int == 0)
        let skipped = try #require(summary["skipped"] as? [[String: Any]])
        #expect(skipped.map { $0["row"] as? Int } == [3, 4])
        #expect(skipped.map { $0["reason"] as? String } == ["not a web page", "no URL"])
        #expect(skipped.allSatisfy { ($0["file"] as? String)?.hasSuffix("instapaper.csv") == true })
        let article = try #require(try Self.articles(cli).first)
        #expect(article["state"] as? String == "archived", "archived if either row says so")
        #expect((article["savedAt"] as? String)?.hasPrefix("2017-07-14") == true, "the earlier saved date")
    }

    @Test func aFatalErrorInAnyFileChangesNothing() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let before = try Self.library(cli)
        let good = Self.sample("pocket/pocket.csv")
        let noURL = try Self.write("title,time_added\nA,1600000000\n", "broken.csv", in: cli)
        let result = try cli.run(["import", good, noURL, "--from", "pocket"])
        #expect(result.status == 65)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("broken.csv: no url column"))
        var invalid = Data("title,url,time_added,tags,status\nA,https://example.com/a,1,,unread\n".utf8)
        invalid.append(contentsOf: [0xC3, 0x28, 0x0A])
        let invalidFile = cli.home.appendingPathComponent("invalid.csv")
        try invalid.write(to: invalidFile)
        let second = try cli.run(["import", good, invalidFile.path])
        #expect(second.status == 65)
        #expect(second.stderr.contains("invalid.csv, row 3: not valid UTF-8"), "\(second.stderr)")
        let unknown = try Self.write("nothing to see", "notes.txt", in: cli)
        #expect(try cli.run(["import", unknown]).status == 65)
        #expect(NSDictionary(dictionary: try Self.library(cli)).isEqual(to: before), "not a row of the good file either")
    }

    @Test func duplicatesMergeIntoTheLibrary() throws {
        let cli = try CLIHarness()
        try cli.ok(["add", "https://example.com/kept?utm_source=x", "--no-fetch", "--tag", "mine"])
        let file = try Self.write(
            "title,url,time_added,tags,status\nKept,https://example.com/kept,1500000000,theirs,archive\n", "pocket.csv", in: cli)
        #expect(try cli.ok(["import", file]).contains("added 0, merged 1 duplicate,"))
        let articles = try Self.articles(cli)
        #expect(articles.count == 1)
        #expect(articles[0]["tags"] as? [String] == ["mine", "theirs"])
        #expect(articles[0]["state"] as? String == "archived")
        #expect((articles[0]["savedAt"] as? String)?.hasPrefix("2017-07-14") == true)
        #expect(articles[0]["title"] as? String == "Kept", "the import's title replaces the URL a pending article had")
    }

    @Test func highlightsBecomeNotesAndShowMarksQuotesNotInTheText() throws {
        let cli = try CLIHarness()
        let file = try Self.write(
            #"[{"id":"7","title":"W","url":"https://example.com/w","is_archived":false,"is_starred":true,"created_at":"2020-01-02T03:04:05+0100","tags":[],"content":"<p>Some text here that matters to the reader.</p>","annotations":[{"text":"my note","quote":"text here"},{"text":"","quote":"a passage the text does not have"}]}]"#,
            "wallabag.json", in: cli)
        #expect(try cli.ok(["import", file]).contains("2 highlights as notes"))
        let id = try #require(try Self.articles(cli).first?["id"] as? String)
        let shown = try #require(try cli.json(["show", id]) as? [String: Any])
        let notes = try #require(shown["notes"] as? [[String: Any]])
        #expect(Set(notes.compactMap { $0["quote"] as? String }) == ["text here", "a passage the text does not have"])
        #expect(notes.first { $0["quote"] as? String == "text here" }?["quoteFound"] as? Bool == true)
        #expect(notes.first { $0["quote"] as? String == "text here" }?["body"] as? String == "my note")
        #expect(notes.first { ($0["quote"] as? String)?.hasPrefix("a passage") == true }?["quoteFound"] as? Bool == false)
        let text = try cli.ok(["show", id, "--no-pager"])
        #expect(text.components(separatedBy: "(this quote is not in the article's text)").count == 2, "marked once")
        // Importing again adds no note twice.
        #expect(try cli.ok(["import", file]).contains("added 0, merged 1 duplicate"))
        #expect((try #require(try cli.json(["show", id]) as? [String: Any])["notes"] as? [Any])?.count == 2)
    }

    @Test func netscapeAndCSVExportsRoundTrip() throws {
        let source = try CLIHarness()
        try source.ok(["add", "https://example.com/one", "--no-fetch", "--tag", "alpha", "--tag", "beta"])
        let two = try source.ok(["add", "https://example.com/two?a=1&b=2", "--no-fetch", "--title", "Two, \"quoted\" & more", "-q"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try source.ok(["archive", two])
        try source.ok(["add", "https://example.com/three", "--no-fetch", "--title", "Three", "--tag", "gamma"])
        let original = try Self.articles(source)
        for format in ["netscape", "csv"] {
            let exported = source.home.appendingPathComponent("export.\(format)")
            try source.ok(["export", "--format", format, "--output", exported.path])
            let target = try CLIHarness()
            let result = try target.ok(["import", exported.path])
            #expect(result.contains("added 3"), "\(format): \(result)")
            let imported = try Self.articles(target)
            for article in original {
                let url = try #require(article["url"] as? String)
                let copy = try #require(imported.first { $0["url"] as? String == url }, "\(format): \(url)")
                #expect(copy["title"] as? String == article["title"] as? String, "\(format)")
                #expect(copy["tags"] as? [String] == article["tags"] as? [String], "\(format)")
                #expect(copy["state"] as? String == article["state"] as? String, "\(format)")
                #expect((copy["savedAt"] as? String)?.prefix(19) == (article["savedAt"] as? String)?.prefix(19), "\(format): to the second")
            }
        }
    }

    @Test func provisionalTitlesAreReplacedWhenFetchedAndOthersKept() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let cut = String(repeating: "C", count: 75)
        let file = try Self.write(
            "title,url,time_added,tags,status\n\(cut),\(web.url)/article?key=cut,1600000000,,unread\nMy own title,\(web.url)/article?key=own,1600000000,,unread\n,\(web.url)/article?key=none,1600000000,,archive\n",
            "pocket.csv", in: cli)
        try cli.ok(["import", file])
        try cli.ok(["fetch"])
        let articles = try Self.articles(cli)
        func title(_ key: String) -> String? {
            articles.first { ($0["url"] as? String)?.hasSuffix("key=\(key)") == true }?["title"] as? String
        }
        #expect(title("cut") == "Café owners brace for the winter season", "Pocket's cut title is replaced")
        #expect(title("none") == "Café owners brace for the winter season", "the URL stand-in is replaced")
        #expect(title("own") == "My own title", "a title the import gave stays")
        #expect(
            articles.first { ($0["url"] as? String)?.hasSuffix("key=none") == true }?["state"] as? String == "archived", "the import's state wins")
    }

    @Test func listFormatsNamesEveryFormat() throws {
        let cli = try CLIHarness()
        let text = try cli.ok(["import", "--list-formats"])
        for name in [
            "folio", "pocket", "instapaper", "omnivore", "netscape", "wallabag", "readwise", "raindrop", "karakeep", "linkwarden", "pinboard",
            "goodlinks",
        ] {
            #expect(text.contains("\n\(name) ") || text.hasPrefix("\(name) "), "\(name)")
        }
        let unknown = try cli.run(["import", "--from", "delicious", Self.sample("pocket/pocket.csv")])
        #expect(unknown.status == 64)
    }

    @Test func aFolioExportWithIdsThatAreNotUUIDsIsRefused() throws {
        let source = try CLIHarness()
        _ = try source.addSeed()
        var export = try #require(try JSONSerialization.jsonObject(with: Data(try source.ok(["export", "--format", "json"]).utf8)) as? [String: Any])
        var articles = try #require(export["articles"] as? [[String: Any]])
        articles[0]["id"] = "not-a-uuid"
        export["articles"] = articles
        let file = source.home.appendingPathComponent("bad-ids.json")
        try JSONSerialization.data(withJSONObject: export).write(to: file)
        let target = try CLIHarness()
        let result = try target.run(["import", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not a Folio id"))
    }
}
