import FolioTestSupport
import Foundation
import Testing

/// A device the server forgot (`folio-server device forget`) comes back through a real server
/// after the server compacted what it held (docs/sync-protocol.md, "A device that comes back").
@Suite struct RejoinEndToEndTests {
    @Test(arguments: Backend.available)
    func aDeviceForgottenWhileAwayBringsBackTheArticleItEdited(backend: Backend) throws {
        let server = try ServerProcess(backend: backend)
        let token = try server.addUser("alice")
        let (laptop, phone) = (try CLIHarness(), try CLIHarness())
        try laptop.ok(["login", server.url, "--token", token, "--device-name", "laptop"])
        try phone.ok(["login", server.url, "--token", token, "--device-name", "phone"])
        let seed = try laptop.addSeed(["--tag", "politics"])
        try phone.ok(["add", "-", "--title", "Read on the train"], input: Data("Some text.".utf8))
        for device in [laptop, phone, laptop, phone] { try device.ok(["sync"]) }
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(server.command(["device", "list", "--json"]).utf8)) as? [[String: Any]])
        let phoneID = try #require(listed.first { $0["name"] as? String == "phone" }?["id"] as? String)

        // The phone stays away; the server forgets it, the laptop deletes the article for good,
        // and compaction keeps only the purge.
        _ = try server.command(["device", "forget", phoneID])
        try laptop.ok(["purge", seed, "--yes"])
        for _ in 0..<2 { try laptop.ok(["sync"]) }
        _ = try server.command(["compact"])

        // Offline, the phone stars the article it still has, then syncs: the server asks it to
        // rejoin, and what the phone held of the article comes back.
        try phone.ok(["star", seed])
        let summary = try #require(try phone.json(["sync"]) as? [String: Any])
        #expect(summary["rejoin"] is [String: Any], "the phone rejoined")
        try laptop.ok(["sync"])
        // A write after a purge brings the item back, in the trash, whole, on both devices.
        for device in [laptop, phone] {
            let article = try #require((try device.json(["show", seed]) as? [String: Any])?["article"] as? [String: Any])
            #expect(article["starred"] as? Bool == true)
            #expect((article["content"] as? String)?.isEmpty == false)
            #expect(article["tags"] as? [String] == ["politics"])
        }
        func exported(_ device: CLIHarness) throws -> [Substring] {
            try device.ok(["export", "--format", "jsonl"]).split(separator: "\n").filter { !$0.contains("\"type\":\"header\"") }.sorted()
        }
        #expect(try exported(laptop) == exported(phone))
        let again = try #require(try phone.json(["sync"]) as? [String: Any])
        #expect(again["rejoin"] == nil, "once")
        #expect(again["digest"] as? String == "match")
    }
}
