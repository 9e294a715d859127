import FolioTestSupport
import Foundation
import HTTP
import Sync
import Testing

/// Saving from the web through `Tests/Fixtures/http_server.py`: `folio add URL`, the offline
/// queue (`folio fetch`, `list --pending`), `folio extract`, and every failure the issue names.
@Suite struct WebTests {
    /// The article the fixture's page holds, as a reader would see it.
    static let articleSentences = ["café owners are preparing for a winter", "A season of hard choices", "application forms are long"]
    /// What surrounds it on the page, which must not be saved.
    static let boilerplate = ["Buy the new phone", "Share on Facebook", "First! Great article", "All rights reserved", "Weather"]

    func expectArticle(_ cli: CLIHarness, _ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let shown = try #require(try cli.json(["show", id]) as? [String: Any], sourceLocation: sourceLocation)
        let article = try #require(shown["article"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(article["title"] as? String == "Café owners brace for the winter season", sourceLocation: sourceLocation)
        #expect(article["byline"] as? String == "Ana Pérez", sourceLocation: sourceLocation)
        #expect(article["site"] as? String == "The Loopback Times", sourceLocation: sourceLocation)
        #expect((article["publishedAt"] as? String)?.hasPrefix("2025-02-08") == true, sourceLocation: sourceLocation)
        #expect(article["contentStatus"] as? String == "ready", sourceLocation: sourceLocation)
        let content = try #require(article["content"] as? String, sourceLocation: sourceLocation)
        for sentence in Self.articleSentences { #expect(content.contains(sentence), "kept: \(sentence)", sourceLocation: sourceLocation) }
        for junk in Self.boilerplate { #expect(!content.contains(junk), "dropped: \(junk)", sourceLocation: sourceLocation) }
    }

    func addedID(_ output: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require((object["article"] as? [String: Any])?["id"] as? String)
    }

    @Test(arguments: [
        "/article",  // UTF-8, named in the header
        "/article?charset=iso-8859-1",  // Latin-1, named in the header
        "/article?charset=none&meta=utf-8",  // no header charset, a <meta charset>
        "/article?charset=windows-1252&meta=utf-8",  // a wrong <meta>: the header wins
        "/article?gzip=1",  // compressed
        "/redirect?n=3&to=/article",  // three redirects
    ])
    func aURLIsFetchedAndItsArticleExtracted(path: String) throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let id = try addedID(try cli.ok(["add", web.url + path, "--tag", "cafes", "--json"]))
        try expectArticle(cli, id)
        let hits = try #require(try cli.json(["search", "terrace heaters"]) as? [[String: Any]])
        #expect(hits.count == 1)
    }

    @Test func plainTextIsStoredAsItIs() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let id = try addedID(try cli.ok(["add", web.url + "/text", "--json"]))
        let article = try #require((try cli.json(["show", id]) as? [String: Any])?["article"] as? [String: Any])
        #expect((article["content"] as? String)?.contains("the ferry stopped running") == true)
        #expect((article["title"] as? String)?.hasPrefix("The river froze early this year") == true, "the first sentence")
    }

    /// One charset rule for pages and text (Extraction's, the browsers'): a text page labelled
    /// ISO-8859-1 is read as Windows-1252, as browsers read it, so its typographic quotes
    /// survive (Latin-1 made them control characters).
    @Test(arguments: [("cp1252", "iso-8859-1"), ("cp1252", "us-ascii"), ("utf-8", "utf-8"), ("utf-16", "utf-16")])
    func textPagesDecodeAsBrowsersDo(charset: String, label: String) throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let id = try addedID(try cli.ok(["add", web.url + "/text?charset=\(charset)&label=\(label)", "--json"]))
        let article = try #require((try cli.json(["show", id]) as? [String: Any])?["article"] as? [String: Any])
        #expect((article["content"] as? String)?.contains("said \u{201C}never again\u{201D}.") == true, "\(article["content"] ?? "")")
    }

    @Test func pagesThatAreNotArticlesAreRefusedAndNothingIsSaved() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let cases: [(path: String, status: Int32, words: [String])] = [
            ("/status?code=404", 69, ["404", "not found"]),
            ("/status?code=410", 69, ["410", "gone"]),
            ("/pdf", 65, ["application/pdf", "not an article"]),
            ("/image", 65, ["image/png"]),
            ("/big?bytes=11000000", 65, ["larger than 10 MB"]),
            ("/redirect?n=12&to=/article", 64, ["too many redirects"]),
        ]
        // TLS to a server that speaks plain HTTP: the handshake fails, and that will not pass.
        let tls = try cli.run(["add", web.url.replacingOccurrences(of: "http://", with: "https://") + "/article"])
        #expect(tls.status == 69)
        #expect(tls.stderr.contains("secure connection"))
        #expect(tls.stderr.split(separator: "\n").count == 1)
        for (path, status, words) in cases {
            let result = try cli.run(["add", web.url + path])
            #expect(result.status == status, "\(path): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(path): one line")
            for word in words { #expect(result.stderr.contains(word), "\(path): \(result.stderr)") }
        }
        #expect(try cli.articleIDs().isEmpty, "nothing was saved")
    }

    @Test func transientFailuresKeepTheURLInTheQueueUntilFetchCompletesIt() async throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        // A server error and a timeout: saved as pending, exit 75, one line on stderr.
        let failing = try cli.run(["add", web.url + "/status?code=503"])
        #expect(failing.status == 75)
        #expect(failing.stderr.contains("503") && failing.stderr.contains("pending"))
        let slow = try cli.run(["add", web.url + "/slow?seconds=5", "--timeout", "1"])
        #expect(slow.status == 75)
        #expect(slow.stderr.contains("did not answer in time"))
        // Unreachable (nothing listens on that port): also kept.
        let closed = try cli.run(["add", "http://127.0.0.1:9/article"])
        #expect(closed.status == 75)
        #expect(closed.stderr.contains("cannot reach"))
        // A name that does not resolve (`.invalid` never does): kept too.
        let unknownHost = try cli.run(["add", "http://folio-test.invalid/story", "--timeout", "3"])
        #expect(unknownHost.status == 75)
        #expect(unknownHost.stderr.contains("pending"))
        // Offline on purpose: saved pending at once, no fetch.
        try cli.ok(["add", web.url + "/article?key=later", "--no-fetch"])
        #expect(try await web.count(key: "later") == 0, "--no-fetch fetched nothing")

        let pending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(pending.count == 5)
        let failed = pending.filter { $0["fetch"] != nil }
        #expect(failed.count == 4, "the four failures are recorded")
        for item in failed {
            let fetch = try #require(item["fetch"] as? [String: Any])
            #expect(fetch["attempts"] as? Int == 1)
            #expect((fetch["lastError"] as? String)?.isEmpty == false)
        }
        #expect(try cli.ok(["list", "--pending"]).contains("1 attempt"))

        // `folio fetch`: the article page now comes; the others still fail (exit 75).
        let fetch = try cli.run(["fetch", "--json", "--timeout", "1"])
        #expect(fetch.status == 75)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(fetch.stdout.utf8)) as? [String: Any])
        #expect((summary["fetched"] as? [String])?.count == 1)
        #expect((summary["failed"] as? [String: String])?.count == 4)
        #expect(try await web.count(key: "later") == 1)
        let stillPending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(stillPending.count == 4)
        for item in stillPending { #expect((item["fetch"] as? [String: Any])?["attempts"] as? Int == 2) }
        let done = try #require(try cli.articleIDs().first { id in !stillPending.contains { $0["id"] as? String == id } })
        try expectArticle(cli, done)
    }

    /// A URL queued on one device is fetched by another (`sync --fetch`); the text reaches both.
    @Test func aPendingArticleIsCompletedByAnyDeviceThatIsOnline() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (offline, online) = (try CLIHarness(), try CLIHarness())
        for device in [offline, online] { try device.ok(["login", server.url, "--token", token]) }
        let id = try addedID(try offline.ok(["add", web.url + "/article", "--no-fetch", "--tag", "later", "--json"]))
        try offline.ok(["sync"])
        let summary = try #require(try online.json(["sync", "--fetch"]) as? [String: Any])
        #expect(summary["pulled"] as? Int ?? 0 >= 1)
        #expect(summary["pushed"] as? Int ?? 0 >= 1, "the fetched text was pushed")
        try offline.ok(["sync"])
        for device in [offline, online] {
            try expectArticle(device, id)
            #expect((try device.json(["list", "--pending"]) as? [Any])?.isEmpty == true)
        }
    }

    @Test func savedPagesGoThroughTheSameExtraction() async throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let page = try await web.get("/article?charset=iso-8859-1")
        let file = cli.home.appendingPathComponent("saved.html")
        try page.write(to: file)
        // A Latin-1 file that names no charset (the header that did is gone): still readable.
        let fromFile = try addedID(try cli.ok(["add", file.path, "--url", "https://loopback.example/cafes", "--json"]))
        try expectArticle(cli, fromFile)
        let other = try CLIHarness()
        let fromStdin = try addedID(
            try other.ok(["add", "-", "--url", "https://loopback.example/cafes", "--json"], input: try Data(contentsOf: file)))
        try expectArticle(other, fromStdin)
    }

    @Test func extractPrintsWithoutSaving() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let object = try #require(try cli.json(["extract", web.url + "/redirect?n=1&to=/article"]) as? [String: Any])
        #expect(object["title"] as? String == "Café owners brace for the winter season")
        #expect(object["byline"] as? String == "Ana Pérez")
        #expect(object["site"] as? String == "The Loopback Times")
        #expect((object["publishedAt"] as? String)?.hasPrefix("2025-02-08") == true)
        #expect((object["url"] as? String)?.hasSuffix("/article") == true, "the URL after redirects")
        let text = try #require(object["text"] as? String)
        for sentence in Self.articleSentences { #expect(text.contains(sentence)) }
        for junk in Self.boilerplate { #expect(!text.contains(junk)) }
        let plain = try cli.ok(["extract", web.url + "/article"])
        #expect(plain.contains("Title:     Café owners brace for the winter season"))
        #expect(try cli.articleIDs().isEmpty, "extract saves nothing")
        let pdf = try cli.run(["extract", web.url + "/pdf"])
        #expect(pdf.status == 65)
    }

    @Test func aPageWithoutMainTextIsRefusedByExtractAndSavedPendingByAdd() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        let extract = try cli.run(["extract", web.url + "/boilerplate"])
        #expect(extract.status == 65)
        #expect(extract.stderr.split(separator: "\n").count == 1, "one line: \(extract.stderr)")
        #expect(extract.stderr.contains("no readable article"))
        #expect(try cli.articleIDs().isEmpty, "extract saves nothing")

        let add = try cli.run(["add", web.url + "/boilerplate"])
        #expect(add.status == 65)
        #expect(add.stderr.contains("no readable article") && add.stderr.contains("pending"))
        let pending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(pending.count == 1, "saved as pending, not as an article of boilerplate")
        let fetch = try #require(pending.first?["fetch"] as? [String: Any])
        #expect((fetch["lastError"] as? String)?.contains("no readable article") == true, "with the reason")
    }
}

extension LoopbackFixture {
    /// The body at `path` on this fixture.
    func get(_ path: String) async throws -> Data {
        try await CurlTransport().send(HTTPRequest(url: url + path)).body
    }

    /// How many times the web fixture served `/article?key=KEY`.
    func count(key: String) async throws -> Int {
        Int(String(decoding: try await get("/count?key=" + key), as: UTF8.self)) ?? -1
    }
}
