import FolioTestSupport
import Foundation
import Testing

/// libcurl and libxml2 (and the thirty libraries they bring: TLS, Kerberos, LDAP, ICU…) are
/// loaded when a command first needs them, not at start-up: `folio search` loads neither, the
/// commands that read pages or reach the network load them and work as before. The dynamic
/// loader says what it loads (`LD_DEBUG=files`, on standard error).
@Suite struct LibraryLoadingTests {
    static let loaderTrace = ["LD_DEBUG": "files"]

    @Test func searchLoadsNeitherLibcurlNorLibxml2() throws {
        let cli = try CLIHarness()
        try cli.ok(["add", "-", "--title", "Tides"], input: Data("The moon pulls the tides of the sea.".utf8))
        let search = try cli.run(["search", "tides"], environment: Self.loaderTrace)
        #expect(search.status == 0)
        #expect(search.stdout.contains("Tides"))
        #expect(search.stderr.contains("libsqlite3"), "the trace lists what is loaded: \(search.stderr.prefix(300))")
        #expect(!search.stderr.contains("libcurl"))
        #expect(!search.stderr.contains("libxml2"))
    }

    @Test func readingAPageLoadsLibxml2AndReachingTheNetworkLoadsLibcurl() throws {
        let cli = try CLIHarness()
        let page = cli.home.appendingPathComponent("page.html")
        let html =
            "<html><head><title>Harbour &amp; tides</title></head><body><article><p>The harbour empties at low tide and "
            + "fills again with the evening sea, twice a day, every day of the year.</p></article></body></html>"
        try Data(html.utf8).write(to: page)
        let extract = try cli.run(["extract", page.path], environment: Self.loaderTrace)
        #expect(extract.status == 0, "\(extract.stderr.suffix(300))")
        #expect(extract.stdout.contains("Harbour & tides"))
        #expect(extract.stderr.contains("libxml2.so.2"))
        #expect(!extract.stderr.contains("libcurl"))

        // Nothing listens on port 9 of the loopback: the page is saved pending, after libcurl tried.
        let add = try cli.run(["add", "http://127.0.0.1:9/article"], environment: Self.loaderTrace)
        #expect(add.stderr.contains("libcurl.so.4"))
        let pending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(pending.count == 1)
    }
}
