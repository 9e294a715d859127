import FolioTestSupport
import Foundation
import Gzip
import HTTP
import Models
import Sync
import Testing

/// Devices syncing through a real server, as users would.
@Suite struct SyncEndToEndTests {
    @Test(arguments: Backend.available)
    func twoDevicesWorkingOfflineEndWithTheSameLibrary(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", token]) }
        let config = laptop.home.appendingPathComponent("config.json").path
        #expect((try FileManager.default.attributesOfItem(atPath: config)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let seed = try laptop.addSeed(["--tag", "politics"])
        try laptop.ok(["note", "add", seed, "--quote", "Echoes of Helsinki", "Compare with 2018"])
        try phone.ok(["add", "-", "--title", "Read on the train", "--tag", "later"], input: Data("Some text.".utf8))
        try phone.ok(["add", "https://example.com/pending", "--no-fetch"])
        for device in [laptop, phone, laptop] { try device.ok(["sync"]) }
        #expect(try laptop.titles() == phone.titles())
        #expect(try laptop.titles().count == 3)
        let notes = try #require(try phone.json(["note", "list", seed]) as? [[String: Any]])
        #expect(notes.map { $0["body"] as? String } == ["Compare with 2018"])
        // Concurrent edits to different fields of the same article both survive.
        try laptop.ok(["edit", seed, "--title", "Putin's position"])
        try phone.ok(["star", seed])
        try phone.ok(["tag", seed, "+russia"])
        for device in [laptop, phone, laptop] { try device.ok(["sync"]) }
        for device in [laptop, phone] {
            let article = try #require((try device.json(["show", seed]) as? [String: Any])?["article"] as? [String: Any])
            #expect(article["title"] as? String == "Putin's position")
            #expect(article["starred"] as? Bool == true)
            #expect(article["tags"] as? [String] == ["politics", "russia"])
        }
        // Field by field, `updatedAt` included: the whole exported libraries are equal.
        func exported(_ device: CLIHarness) throws -> [Substring] {
            // Every item line, sorted; the header line carries the export's own time.
            try device.ok(["export", "--format", "jsonl"]).split(separator: "\n").filter { !$0.contains("\"type\":\"header\"") }.sorted()
        }
        #expect(try exported(laptop) == exported(phone))
        #expect(try exported(laptop).count == 4)
        let summary = try #require(try laptop.json(["sync"]) as? [String: Any])
        #expect(summary["pushed"] as? Int == 0)
        #expect(summary["digest"] as? String == "match", "the device and the server hold the same items and versions")
        #expect(try phone.ok(["sync"]).contains("verified"))
        let status = try #require(try laptop.json(["status"]) as? [String: Any])
        #expect(status["server"] as? String == server.url)
        #expect(status["lastSyncAt"] is String)
        #expect(status["unsyncedChanges"] as? Int == 0)
        #expect(try laptop.ok(["status"]).contains("Server:    \(server.url) (last sync: 20"))
    }

    /// Devices compact after their syncs and on `folio compact`: the overwritten titles go,
    /// nothing unpushed does, and the libraries and the digest check stay as they were (the
    /// server keeps every change).
    @Test func compactedDevicesStillMatchTheServer() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", token]) }
        let seed = try laptop.addSeed([])
        for title in ["One", "Two", "Three"] { try laptop.ok(["edit", seed, "--title", title]) }
        #expect(try laptop.ok(["compact"]).contains(" 0 changes dropped"), "nothing is pushed yet")
        for device in [laptop, phone] { try device.ok(["sync"]) }
        for title in ["Four", "Five"] { try phone.ok(["edit", seed, "--title", title]) }
        for device in [phone, laptop] { try device.ok(["sync"]) }
        #expect(try laptop.ok(["compact"]).hasPrefix("Compacted "))
        for device in [laptop, phone] {
            let article = try #require((try device.json(["show", seed]) as? [String: Any])?["article"] as? [String: Any])
            #expect(article["title"] as? String == "Five")
            let summary = try #require(try device.json(["sync"]) as? [String: Any])
            #expect(summary["digest"] as? String == "match")
        }
        func exported(_ device: CLIHarness) throws -> [Substring] {
            try device.ok(["export", "--format", "jsonl"]).split(separator: "\n").filter { !$0.contains("\"type\":\"header\"") }.sorted()
        }
        #expect(try exported(laptop) == exported(phone))
    }

    @Test(arguments: Backend.available)
    func aDeviceDoesNotDownloadItsOwnChanges(backend: Backend) async throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let (writer, reader) = (try CLIHarness(), try CLIHarness())
        for device in [writer, reader] { try device.ok(["login", server.url, "--token", token]) }
        _ = try writer.addSeed()
        let first = try #require(try writer.json(["sync"]) as? [String: Any])
        #expect(first["pushed"] as? Int == 1)
        #expect(first["pulled"] as? Int == 0, "its own change does not come back")
        #expect((first["bytesReceived"] as? Int ?? .max) < 2_000, "not the article's text again")
        try reader.ok(["add", "-", "--title", "From the reader"], input: Data("Some text.".utf8))
        let read = try #require(try reader.json(["sync"]) as? [String: Any])
        #expect(read["pulled"] as? Int == 1, "the writer's article, not its own")
        let again = try #require(try writer.json(["sync"]) as? [String: Any])
        #expect(again["pulled"] as? Int == 1, "the reader's article, not its own")
        #expect(try writer.articleIDs().sorted() == reader.articleIDs().sorted())
        #expect(try writer.articleIDs().count == 2)
        // A pull naming something that is not a device id is refused.
        let transport = try CurlTransport()
        let answer = try await transport.send(HTTPRequest(url: server.url + "/v1/pull?device=x", headers: ["Authorization": "Bearer \(token)"]))
        #expect(answer.status == 400)
    }

    @Test func noteHistoryListsTheBodiesFromEveryDevice() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", token]) }
        let added = try #require(try laptop.json(["note", "add", "--standalone", "First thought"]) as? [String: Any])
        let noteID = try #require(added["id"] as? String)
        try laptop.ok(["note", "edit", noteID, "--text", "Second thought"])
        try laptop.ok(["sync"])
        try phone.ok(["sync"])
        try phone.ok(["note", "edit", noteID, "--text", "Third thought, from the phone"])
        try phone.ok(["sync"])
        try laptop.ok(["sync"])
        let history = try #require(try laptop.json(["note", "history", noteID]) as? [[String: Any]])
        // "First thought" went: both devices held "Second thought", which every later edit comes
        // from (compaction rule 6, docs/sync-protocol.md).
        #expect(history.map { $0["body"] as? String } == ["Second thought", "Third thought, from the phone"])
        #expect(history.map { $0["current"] as? Bool } == [false, true])
        let devices = history.compactMap { $0["device"] as? String }
        #expect(devices.count == 2 && devices[0] != devices[1], "one on the laptop, one on the phone")
        #expect(try laptop.ok(["note", "history", noteID]).contains("(current)"))
        #expect(try laptop.run(["note", "history", "ffffffff"]).status == 66)
    }

    @Test func aSyncThatWouldEmptyTheLibraryAsksForForce() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        for device in [laptop, phone] { try device.ok(["login", server.url, "--token", token]) }
        for index in 0..<12 { try laptop.ok(["add", "-", "--title", "Article \(index)"], input: Data("Text \(index).".utf8)) }
        try laptop.ok(["sync"])
        try phone.ok(["sync"])
        for id in try laptop.articleIDs().prefix(11) { try laptop.ok(["rm", id]) }
        try laptop.ok(["sync"])
        let stopped = try phone.run(["sync"])
        #expect(stopped.status == 65)
        #expect(stopped.stderr.contains("11 of your 12") && stopped.stderr.contains("--force"))
        #expect(stopped.stderr.split(separator: "\n").count == 1)
        #expect(try phone.articleIDs().count == 12, "nothing moved to the trash")
        let forced = try #require(try phone.json(["sync", "--force"]) as? [String: Any])
        #expect(forced["removed"] as? Int == 11)
        #expect(try phone.articleIDs().count == 1)
    }

    @Test(arguments: Backend.available)
    func tokensCanBeRotatedAndUsersRemoved(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let old = try server.addUser("alice")
        _ = try server.addUser("bob")
        #expect(try server.userCommand(["list"]) == "alice\nbob")
        let cli = try CLIHarness()
        try cli.ok(["login", server.url, "--token", old])
        let new = try server.userCommand(["token", "alice"])
        #expect(new != old && new.hasPrefix("folio_"))
        #expect(try cli.run(["sync"]).status == 77, "the old token stops working")
        try cli.ok(["login", server.url, "--token", new])
        try cli.ok(["sync"])
        _ = try server.userCommand(["rm", "alice"])
        #expect(try server.userCommand(["list"]) == "bob")
        #expect(try cli.run(["sync"]).status == 77)
    }

    @Test func progressGoesToATerminalOnly() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let (quiet, watched) = (try CLIHarness(), try CLIHarness())
        for device in [quiet, watched] {
            try device.ok(["login", server.url, "--token", token])
            _ = try device.addSeed()
        }
        let piped = try quiet.run(["sync"])
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "no progress when stderr is not a terminal")
        let shown = try watched.runInTerminal(["sync"])
        #expect(shown.contains("pushing: 1/1 changes"))
        #expect(shown.contains("Synced with"))
    }

    @Test(arguments: Backend.available)
    func usersSeeOnlyTheirOwnLibraries(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let alice = try CLIHarness()
        let bob = try CLIHarness()
        try alice.ok(["login", server.url, "--token", try server.addUser("alice")])
        try bob.ok(["login", server.url, "--token", try server.addUser("bob")])
        _ = try alice.addSeed()
        try alice.ok(["sync"])
        try bob.ok(["sync"])
        #expect(try bob.titles().isEmpty)
    }

    @Test(arguments: Backend.available)
    func syncErrorsAreClearAndKeepLocalWork(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let cli = try CLIHarness()
        let notLoggedIn = try cli.run(["sync"])
        #expect(notLoggedIn.status == 78)
        #expect(notLoggedIn.stderr.contains("folio login"))
        let badToken = try cli.run(["login", server.url, "--token", "folio_wrong"])
        #expect(badToken.status == 77)
        #expect(badToken.stderr.contains("refused the token"))
        try cli.ok(["login", server.url, "--token", token])
        _ = try cli.addSeed()
        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0, "SIGTERM shuts down gracefully")
        let down = try cli.run(["sync"])
        #expect(down.status == 69)
        #expect(down.stderr.contains("cannot reach"))
        #expect(down.stderr.split(separator: "\n").count == 1)
        #expect((try cli.json(["status"]) as? [String: Any])?["unsyncedChanges"] as? Int == 1, "local work kept")
        let wrongURL = try cli.run(["login", "ftp://example.com", "--token", token])
        #expect(wrongURL.status == 64)
    }
}

/// Two server processes on one PostgreSQL database, devices syncing concurrently through
/// either: no pull skips a change, and every device ends with the same library.
@Suite struct SharedDatabaseTests {
    /// Concurrent pushers and pullers against two servers on one PostgreSQL database: no pull
    /// may skip a change, which each device's digest, compared with the server's, would show.
    @Test func devicesSyncingConcurrentlyThroughTwoServersConverge() throws {
        guard Backend.available.contains(.postgres) else { return }
        let first = try ServerProcess(backend: .postgres)
        let second = try ServerProcess(sharing: first)
        let token = try first.addUser("alice")
        let devices = try (0..<4).map { _ in try CLIHarness() }
        for (index, device) in devices.enumerated() {
            try device.ok(["login", (index % 2 == 0 ? first : second).url, "--token", token])
        }
        for round in 0..<4 {
            for (index, device) in devices.enumerated() {
                for item in 0..<3 {
                    try device.ok(
                        ["add", "-", "--title", "Round \(round) device \(index) item \(item)"], input: Data("Text \(round) \(index) \(item).".utf8))
                }
            }
            // All devices sync at once, through both servers, in small pages.
            let syncs = devices.map { device -> Process in
                let process = Process()
                process.executableURL = CLIHarness.binary
                process.arguments = ["sync", "--page-size", "2"]
                process.environment = device.environment
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in syncs { try process.run() }
            for process in syncs {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
            }
        }
        for device in devices { try device.ok(["sync"]) }
        for device in devices {
            let summary = try #require(try device.json(["sync"]) as? [String: Any])
            #expect(summary["digest"] as? String == "match", "the device holds every change the server holds")
        }
        let expected = try devices[0].articleIDs().sorted()
        #expect(expected.count == 48)
        for device in devices.dropFirst() { #expect(try device.articleIDs().sorted() == expected) }
    }
}

/// `Tests/Fixtures/fault_proxy.py` between the devices and a real server.
final class FaultProxy {
    let fixture: LoopbackFixture
    var url: String { fixture.url }

    init(upstream: String, arguments: [String]) throws {
        fixture = try LoopbackFixture(script: "fault_proxy.py", arguments: [upstream] + arguments)
    }

    /// Stops injecting faults.
    func heal() { fixture.send("heal") }
}

/// Faults between real processes: lost answers and cut connections.
@Suite struct NetworkFaultTests {
    @Test func aPushWhoseAnswerIsLostIsRetriedWithoutDuplicates() throws {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let proxy = try FaultProxy(upstream: server.url, arguments: ["--drop-push-answers", "1"])
        let (device, other) = (try CLIHarness(), try CLIHarness())
        try device.ok(["login", proxy.url, "--token", token])
        for index in 0..<5 { try device.ok(["add", "-", "--title", "Article \(index)"], input: Data("Text \(index).".utf8)) }
        // The client retries the lost answer at once; the server answers "duplicate".
        let summary = try #require(try device.json(["sync"]) as? [String: Any])
        #expect(summary["duplicates"] as? Int == 5)
        #expect(summary["pushed"] as? Int == 0)
        try other.ok(["login", server.url, "--token", token])
        try other.ok(["sync"])
        #expect(try other.articleIDs().count == 5, "each article stored once")
        #expect(try other.articleIDs().sorted() == device.articleIDs().sorted())
    }

    /// A server holding nine articles from a device that pushed them one by one, so that
    /// pages (which end on push transactions) can hold two.
    func nineArticlesPushedOneByOne() throws -> (ServerProcess, String, CLIHarness) {
        let server = try ServerProcess()
        let token = try server.addUser("alice")
        let writer = try CLIHarness()
        try writer.ok(["login", server.url, "--token", token])
        for index in 0..<9 {
            try writer.ok(["add", "-", "--title", "Article \(index)"], input: Data("Text \(index).".utf8))
            try writer.ok(["sync"])
        }
        return (server, token, writer)
    }

    @Test func ctrlCDuringASyncKeepsWhatWasAppliedAndTheNextSyncGoesOn() throws {
        let (server, token, writer) = try nineArticlesPushedOneByOne()
        let reader = try CLIHarness()
        // `login` checks the server with one pull; the sync gets two pages, then the third
        // pull hangs until the user presses Ctrl-C.
        let proxy = try FaultProxy(upstream: server.url, arguments: ["--stall-pulls-after", "3"])
        try reader.ok(["login", proxy.url, "--token", token])
        let errors = Pipe()
        let sync = try reader.start(["sync", "--page-size", "2"], errors: errors)
        try #require(proxy.fixture.waitForLine(containing: "stalled"))
        kill(sync.processIdentifier, SIGINT)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sync.waitUntilExit()
        #expect(sync.terminationStatus == 130, "\(message)")
        #expect(message.hasPrefix("folio: sync interrupted") && message.split(separator: "\n").count == 1, "\(message)")
        #expect(try reader.articleIDs().count == 4, "the two pages before Ctrl-C were kept")
        proxy.heal()
        let summary = try #require(try reader.json(["sync", "--page-size", "2"]) as? [String: Any])
        #expect(summary["pulled"] as? Int == 5, "the rest, and nothing twice")
        #expect(try reader.articleIDs().sorted() == writer.articleIDs().sorted())
    }

    @Test func aSyncCutBetweenPagesResumesWhereItStopped() throws {
        let (server, token, writer) = try nineArticlesPushedOneByOne()
        let reader = try CLIHarness()
        // `login` checks the server with one pull; the sync then gets two pages before the cut.
        let proxy = try FaultProxy(upstream: server.url, arguments: ["--fail-pulls-after", "3"])
        try reader.ok(["login", proxy.url, "--token", token])
        let cut = try reader.run(["sync", "--page-size", "2"])
        #expect(cut.status == 69)
        #expect(try reader.articleIDs().count == 4, "the two pages before the cut were kept")
        proxy.heal()
        let summary = try #require(try reader.json(["sync", "--page-size", "2"]) as? [String: Any])
        #expect(summary["pulled"] as? Int == 5, "the rest, and nothing twice")
        #expect(try reader.articleIDs().sorted() == writer.articleIDs().sorted())
    }
}

/// The server's answers to bad requests, through the same libcurl transport the client uses.
@Suite struct ServerProtocolTests {
    @Test(arguments: Backend.available)
    func badRequestsGetClearFourHundredsAndStoreNothing(backend: Backend) async throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let transport = try CurlTransport()
        let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        func status(_ request: HTTPRequest) async throws -> Int { try await transport.send(request).status }
        #expect(try await status(HTTPRequest(url: server.url + "/health")) == 200)
        #expect(try await status(HTTPRequest(url: server.url + "/v1/pull")) == 401)
        #expect(try await status(HTTPRequest(url: server.url + "/v1/pull", headers: ["Authorization": "Bearer folio_nope"])) == 401)
        #expect(try await status(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: auth, body: Data("{not json".utf8))) == 400)
        #expect(try await status(HTTPRequest(url: server.url + "/v2/pull", headers: auth)) == 404)
        #expect(try await status(HTTPRequest(url: server.url + "/v1/pull?limit=0", headers: auth)) == 400)
        // What docs/openapi.yaml says (schemathesis checks it in `make test`): a limit is an
        // integer, an empty cursor or device is an absent one, other methods get 405.
        for limit in ["abc", "1e3", "", "2.5"] {
            #expect(try await status(HTTPRequest(url: server.url + "/v1/pull?limit=\(limit)", headers: auth)) == 400, "limit=\(limit)")
        }
        #expect(try await status(HTTPRequest(url: server.url + "/v1/pull?cursor=&device=", headers: auth)) == 200)
        let trace = try await transport.send(HTTPRequest(method: "TRACE", url: server.url + "/v1/digest", headers: auth))
        #expect(trace.status == 405 && trace.headers["allow"] == "GET, HEAD")
        #expect(try await status(HTTPRequest(method: "PUT", url: server.url + "/v1/push", headers: auth)) == 405)
        let huge = Data(("{\"deviceID\":\"d\",\"mutations\":[" + String(repeating: " ", count: 65 << 20) + "]}").utf8)
        #expect(try await status(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: auth, body: huge)) == 413)
        // The same body gzip-compressed is small on the wire, but inflates past the limit.
        var gzipped = auth
        gzipped["Content-Encoding"] = "gzip"
        let bomb = try Gzip.compress(huge)
        #expect(bomb.count < 100_000)
        #expect(try await status(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: gzipped, body: bomb)) == 413)
        #expect(try await status(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: gzipped, body: Data("{}".utf8))) == 400)
        var brotli = auth
        brotli["Content-Encoding"] = "br"
        #expect(try await status(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: brotli, body: Data("{}".utf8))) == 415)
        let pulled = try await transport.send(HTTPRequest(url: server.url + "/v1/pull", headers: auth))
        let object = try #require(try JSONSerialization.jsonObject(with: pulled.body) as? [String: Any])
        #expect((object["changes"] as? [Any])?.isEmpty == true, "nothing was stored")
    }

    @Test(arguments: Backend.available)
    func largeBodiesTravelGzipCompressedBothWays(backend: Backend) async throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let transport = try CurlTransport()
        let article = Article(title: "Long read", content: String(repeating: "A paragraph that repeats itself. ", count: 2_000))
        let change = Change(
            entity: .article, entityID: article.id, operation: .create, value: try FolioJSON.string(article),
            timestamp: HLCTimestamp(wallMillis: 1_700_000_000_000, counter: 0, deviceID: ServerProcess.deviceA))
        let push = try JSONEncoder().encode(PushRequest(deviceID: ServerProcess.deviceA, mutations: [Mutation(deviceSequence: 1, change: change)]))
        let compressed = try Gzip.compress(push)
        #expect(compressed.count * 10 < push.count)
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "Content-Encoding": "gzip"]
        let pushed = try await transport.send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: compressed))
        #expect(pushed.status == 200)
        let results = try JSONDecoder().decode(PushResponse.self, from: pushed.body).results
        #expect(results.map(\.status) == [.applied])
        // libcurl asks for compressed answers and inflates them; the header says it was gzip.
        let pulled = try await transport.send(HTTPRequest(url: server.url + "/v1/pull", headers: ["Authorization": "Bearer \(token)"]))
        #expect(pulled.headers["content-encoding"] == "gzip")
        let changes = try JSONDecoder().decode(PullResponse.self, from: pulled.body).changes
        #expect(changes.map(\.change.entityID) == [article.id])
        #expect(changes.first?.change.value == change.value)
        // A small answer goes as it is.
        let cursor = try JSONDecoder().decode(PullResponse.self, from: pulled.body).cursor
        let small = try await transport.send(
            HTTPRequest(url: server.url + "/v1/pull?limit=1&cursor=" + cursor, headers: ["Authorization": "Bearer \(token)"]))
        #expect(small.status == 200)
        #expect(small.body.count < Gzip.threshold)
        #expect(small.headers["content-encoding"] == nil)
    }

    /// Pushes, one request per element of `batches`, article creates with contents of the
    /// given sizes; returns the ids in push order.
    func pushArticles(_ batches: [[Int]], to server: ServerProcess, token: String, device: String = ServerProcess.deviceA) async throws -> [String] {
        let transport = try CurlTransport()
        var ids: [String] = []
        var sequence: Int64 = 0
        for batch in batches {
            var mutations: [Mutation] = []
            for size in batch {
                sequence += 1
                let article = Article(title: "Article \(sequence)", content: String(repeating: "x", count: size))
                let change = Change(
                    entity: .article, entityID: article.id, operation: .create, value: try FolioJSON.string(article),
                    timestamp: HLCTimestamp(wallMillis: 1_700_000_000_000 + sequence, counter: 0, deviceID: device))
                mutations.append(Mutation(deviceSequence: sequence, change: change))
                ids.append(article.id)
            }
            let body = try JSONEncoder().encode(PushRequest(deviceID: device, mutations: mutations))
            let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            #expect(try await transport.send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: body)).status == 200)
        }
        return ids
    }

    func pull(_ server: ServerProcess, token: String, limit: Int, cursor: String? = nil) async throws -> PullResponse {
        let query = "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
        let answer = try await CurlTransport().send(
            HTTPRequest(url: server.url + "/v1/pull?" + query, headers: ["Authorization": "Bearer \(token)"]))
        return try JSONDecoder().decode(PullResponse.self, from: answer.body)
    }

    @Test(arguments: Backend.available)
    func pagesEndOnPushTransactionsAndStayUnderTheirByteBudget(backend: Backend) async throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        // Two pushes: three changes, then two.
        let ids = try await pushArticles([[10, 10, 10], [10, 10]], to: server, token: token)
        let first = try await pull(server, token: token, limit: 2)
        #expect(first.changes.map(\.change.entityID) == Array(ids[0..<3]), "the whole first push, though the limit is 2")
        #expect(first.hasMore)
        let second = try await pull(server, token: token, limit: 1, cursor: first.cursor)
        #expect(second.changes.map(\.change.entityID) == Array(ids[3..<5]))
        #expect(!second.hasMore)

        // Large values: a page stops near 4 MB of values, at a transaction boundary.
        let large = try await pushArticles([[1_800_000], [1_800_000], [1_800_000]], to: server, token: token, device: ServerProcess.deviceB)
        let third = try await pull(server, token: token, limit: 500, cursor: second.cursor)
        #expect(third.changes.map(\.change.entityID) == Array(large[0..<2]))
        #expect(third.hasMore)
        let fourth = try await pull(server, token: token, limit: 500, cursor: third.cursor)
        #expect(fourth.changes.map(\.change.entityID) == [large[2]])
        #expect(!fourth.hasMore)
    }
}
