import FolioTestSupport
import Foundation
import HTTP
import Models
import Sync
import Testing

/// What one push with a user's own token can do to that user's devices (issue 11): the server
/// refuses what no Folio writes, and the devices keep working.
@Suite struct HostilePushTests {
    static let rogue = "01900000-0000-7000-8000-0000000000ee"

    func push(_ server: ServerProcess, token: String, device: String = rogue, _ mutations: [Mutation]) async throws -> (Int, PushResponse?) {
        let body = try JSONEncoder().encode(PushRequest(deviceID: device, mutations: mutations))
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let answer = try await CurlTransport().send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: body))
        return (answer.status, try? JSONDecoder().decode(PushResponse.self, from: answer.body))
    }

    @Test(arguments: Backend.available)
    func malformedChangesAreRefusedAndNoDeviceBreaks(backend: Backend) async throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("heidi")
        let laptop = try CLIHarness()
        try laptop.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        let id = try EverydayCommandTests.add(laptop, title: "Keep me")
        try laptop.ok(["sync"])

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func update(_ field: String, _ value: String, wall: Int64 = now, counter: Int = 0) -> Change {
            Change(
                entity: .article, entityID: id, operation: .update, field: field, value: value,
                timestamp: HLCTimestamp(wallMillis: wall, counter: counter, deviceID: Self.rogue))
        }
        let malformed = [
            update("publishedAt", "5", counter: 1), update("starred", "\"yes\"", counter: 2), update("savedAt", "\"soon\"", counter: 3),
            update("trashedAt", "true", counter: 4), update("contentStatus", "3", counter: 5), update("url", "7", counter: 6),
            update("title", "\"Counter overflow\"", counter: Int.max), update("title", "\"From 2500\"", wall: 16_725_225_600_000),
        ]
        let newer = [update("colour", "\"blue\"", counter: 7)]
        let mutations = (malformed + newer).enumerated().map { Mutation(deviceSequence: Int64($0.offset + 1), change: $0.element) }
        let (status, response) = try await push(server, token: token, mutations)
        #expect(status == 200)
        #expect(response?.results.map(\.status) == Array(repeating: .rejected, count: malformed.count) + [.applied])
        // The same change again, under a new device sequence: stored once.
        let (_, replay) = try await push(server, token: token, [Mutation(deviceSequence: 20, change: newer[0])])
        #expect(replay?.results.map(\.status) == [.duplicate])
        // Requests no device makes.
        #expect(try await push(server, token: token, device: String(repeating: "d", count: 10_000), []).0 == 400)
        let tooMany = (1...5_001).map { Mutation(deviceSequence: Int64(100 + $0), change: update("colour", "\"c\"", counter: 10 + $0 % 90_000)) }
        #expect(try await push(server, token: token, tooMany).0 == 400)
        // Only the token as issued: not one with spaces around it. (HTTP drops whitespace at the
        // end of a header's value, so the spaces go between the scheme and the token.)
        #expect(try await push(server, token: " " + token, []).0 == 401)
        #expect(try await push(server, token: "\t" + token, []).0 == 401)

        // A fresh device and the laptop sync, keep the article as it was, and agree with the server.
        let phone = try CLIHarness()
        try phone.ok(["login", server.url], environment: ["FOLIO_TOKEN": token])
        for device in [phone, laptop] {
            let summary = try #require(try device.json(["sync", "--verify"]) as? [String: Any])
            #expect(summary["digest"] as? String == "match", "\(summary)")
            let listed = try #require(try device.json(["list"]) as? [[String: Any]])
            #expect(listed.map { $0["title"] as? String } == ["Keep me"])
            #expect(listed.first?["starred"] as? Bool == false)
        }
        // The laptop's clock did not jump to 2500: its next change is stamped now.
        try laptop.ok(["star", id])
        try laptop.ok(["sync"])
        let page = try await CurlTransport().send(HTTPRequest(url: server.url + "/v1/pull?limit=5000", headers: ["Authorization": "Bearer \(token)"]))
        let changes = try JSONDecoder().decode(PullResponse.self, from: page.body).changes.map(\.change)
        let starred = try #require(changes.last { $0.field == "starred" })
        #expect(starred.timestamp.wallMillis < now + 86_400_000)
        #expect(!changes.contains { $0.timestamp.deviceID == Self.rogue && $0.field != "colour" })
    }
}
