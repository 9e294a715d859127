import FolioTestSupport
import Foundation
import HTTP
import Testing

/// `folio fetch` in parallel against `Tests/Fixtures/http_server.py`: the per-host limit and
/// the jobs as the server counted them, Ctrl-C in the middle, and dead links given up on.
@Suite struct ParallelFetchTests {
    /// Hosts that reach the fixture started with `--aliases`, each a host of its own.
    static let hosts = ["127.0.0.1", "localhost", "127.0.0.2", "127.0.0.3"]

    /// Saves `count` pages of `path` on each host as pending (no fetch), distinct by `page`.
    func queue(_ cli: CLIHarness, _ web: LoopbackFixture, path: String, hosts: [String], count: Int) throws {
        let port = try #require(web.url.split(separator: ":").last)
        for host in hosts {
            for page in 1...count { try cli.ok(["add", "http://\(host):\(port)\(path)&page=\(host)-\(page)", "--no-fetch"]) }
        }
    }

    func fetchSummary(_ result: CLIHarness.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func atMostTwoPerHostButSeveralHostsAtOnce() async throws {
        let web = try LoopbackFixture(script: "http_server.py", arguments: ["--aliases"])
        let cli = try CLIHarness()
        try queue(cli, web, path: "/slowpage?key=wide&ms=300", hosts: Self.hosts, count: 4)
        let result = try cli.run(["fetch", "--jobs", "8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Fetched 16 of 16 pending articles"))
        #expect(result.stderr.isEmpty, "no progress line when stderr is not a terminal")
        for host in Self.hosts {
            let most = try await web.concurrency(key: "wide", host: host)
            #expect((1...2).contains(most), "\(host): \(most) at once")
        }
        let overall = try await web.concurrency(key: "wide")
        #expect(overall > 2 && overall <= 8, "\(overall) at once across hosts")
        #expect((try cli.json(["list", "--pending"]) as? [Any])?.isEmpty == true)
    }

    @Test func oneJobFetchesOnePageAtATime() async throws {
        let web = try LoopbackFixture(script: "http_server.py", arguments: ["--aliases"])
        let cli = try CLIHarness()
        try queue(cli, web, path: "/slowpage?key=single&ms=100", hosts: Array(Self.hosts.prefix(2)), count: 3)
        let result = try cli.run(["fetch", "--jobs", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((try fetchSummary(result)["fetched"] as? [String])?.count == 6)
        #expect(try await web.concurrency(key: "single") == 1)
    }

    @Test func theProgressLineShowsOnATerminalAndIsErasedAtTheEnd() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        try queue(cli, web, path: "/slowpage?key=shown&ms=50", hosts: ["127.0.0.1"], count: 3)
        let screen = try cli.runInTerminal(["fetch"])
        #expect(screen.contains("fetched 0, failed 0, left 3"), "\(screen)")
        #expect(screen.contains("pages/s"))
        #expect(screen.contains("\r\u{1B}[K"), "erased")
        #expect(screen.contains("Fetched 3 of 3 pending articles"))
    }

    /// Ctrl-C while two fetches hang: the process ends promptly with 130, the pages stored
    /// before stay, the aborted ones are no attempt, and the next run fetches only the rest.
    @Test func ctrlCKeepsWhatWasFetchedAndTheNextRunFetchesTheRest() throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        // The fixture answers the first 4 requests, then holds every other until "release".
        try queue(cli, web, path: "/slowpage?key=cut&ms=0&hold=4", hosts: ["127.0.0.1"], count: 12)
        let fetch = try cli.start(["fetch", "--jobs", "2"])
        #expect(web.waitForLine(containing: "served cut 4"))
        // The store has the 4 answered pages once the fetch has stored them (two more are held).
        var pending = 12
        for _ in 0..<600 where pending > 8 {
            pending = try #require(try cli.json(["list", "--pending"]) as? [Any]).count
        }
        #expect(pending == 8)
        fetch.interrupt()
        fetch.waitUntilExit()
        #expect(fetch.terminationReason == .exit)
        #expect(fetch.terminationStatus == 130)
        let left = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(left.count == 8)
        #expect(left.allSatisfy { $0["fetch"] == nil }, "aborted fetches are not failed attempts")
        let fetchedFirst = Set(try cli.articleIDs()).subtracting(left.compactMap { $0["id"] as? String })
        #expect(fetchedFirst.count == 4)

        web.send("release")
        let second = try cli.run(["fetch", "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        let fetched = Set(try #require(try fetchSummary(second)["fetched"] as? [String]))
        #expect(fetched.count == 8)
        #expect(fetched.isDisjoint(with: fetchedFirst), "what was kept is not fetched again")
        #expect((try cli.json(["list", "--pending"]) as? [Any])?.isEmpty == true)
    }

    /// A 404, a 410 and a host that does not exist are given up on at the third run, not
    /// before; the fourth run does not ask for them; --retry-failed does. A 503 never is.
    @Test func deadLinksAreGivenUpAfterThreeRunsAndSkippedUntilRetried() async throws {
        let web = try LoopbackFixture(script: "http_server.py")
        let cli = try CLIHarness()
        for path in ["/missing?key=dead", "/gone?key=dead", "/busy?key=dead"] { try cli.ok(["add", web.url + path, "--no-fetch"]) }
        // `.invalid` never resolves: a resolver that can be asked answers that there is no such
        // name. Where none can (a machine with no DNS server), that is "offline", a passing
        // failure, and only the two HTTP dead links are checked.
        let unknownHost = "http://folio-test.invalid/story"
        let resolverAnswers = HostLookup.isUnknown("folio-test.invalid")
        if resolverAnswers { try cli.ok(["add", unknownHost, "--no-fetch"]) }
        let deadCount = resolverAnswers ? 3 : 2
        for run in 1...2 {
            let result = try cli.run(["fetch", "--json"])
            #expect(result.status == 69, "run \(run): \(result.stderr)")
            #expect(try fetchSummary(result)["gaveUp"] as? [String] == [])
            #expect((try cli.json(["list", "--failed"]) as? [Any])?.isEmpty == true, "run \(run): nothing failed yet")
        }
        let third = try cli.run(["fetch", "--json"])
        #expect(third.status == 69)
        #expect((try fetchSummary(third)["gaveUp"] as? [String])?.count == deadCount)
        let failed = try #require(try cli.json(["list", "--failed"]) as? [[String: Any]])
        #expect(
            Set(failed.compactMap { $0["url"] as? String })
                == Set([web.url + "/missing?key=dead", web.url + "/gone?key=dead"] + (resolverAnswers ? [unknownHost] : [])))
        for item in failed {
            let fetch = try #require(item["fetch"] as? [String: Any])
            #expect(fetch["failedAt"] is String)
            #expect(fetch["attempts"] as? Int == 3)
        }
        let reasons = failed.compactMap { ($0["fetch"] as? [String: Any])?["lastError"] as? String }
        #expect(reasons.contains { $0.contains("404") } && reasons.contains { $0.contains("410") })
        if resolverAnswers { #expect(reasons.contains { $0.contains("no host named folio-test.invalid") }, "\(reasons)") }
        #expect(try cli.ok(["list", "--failed"]).contains("failed (dead link"))
        #expect(try await web.hits(path: "/missing", key: "dead") == 3)

        // The fourth run: only the 503 is tried (a passing failure: 75), the others skipped.
        let fourth = try cli.run(["fetch"])
        #expect(fourth.status == 75, "\(fourth.stderr)")
        #expect(fourth.stdout.contains("skipped \(deadCount) failed"), "\(fourth.stdout)")
        #expect(try await web.hits(path: "/missing", key: "dead") == 3, "a failed article is not asked for")
        #expect(try await web.hits(path: "/busy", key: "dead") == 4)
        let pending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        let busy = try #require(pending.first { ($0["url"] as? String)?.hasSuffix("/busy?key=dead") == true })
        #expect((busy["fetch"] as? [String: Any])?["failedAt"] == nil, "a 503 stays pending")
        #expect((busy["fetch"] as? [String: Any])?["attempts"] as? Int == 4)

        let retried = try cli.run(["fetch", "--retry-failed", "--json"])
        #expect(retried.status == 69)
        #expect(try await web.hits(path: "/missing", key: "dead") == 4, "--retry-failed asks again")
        #expect((try fetchSummary(retried)["failed"] as? [String: String])?.count == deadCount + 1)
    }
}

extension LoopbackFixture {
    /// The most requests of `/slowpage?key=KEY` that ran at once, on `host` or on all hosts.
    func concurrency(key: String, host: String? = nil) async throws -> Int {
        Int(String(decoding: try await get("/concurrency?key=\(key)" + (host.map { "&host=" + $0 } ?? "")), as: UTF8.self)) ?? -1
    }

    /// How many requests `path?key=KEY` got.
    func hits(path: String, key: String) async throws -> Int {
        Int(String(decoding: try await get("/hits?path=\(path)&key=\(key)"), as: UTF8.self)) ?? -1
    }
}
