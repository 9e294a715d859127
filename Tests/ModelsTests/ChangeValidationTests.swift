import Foundation
import Testing

@testable import Models

/// What the server accepts in a push (`ChangeValidation`, through `SyncLog.problem`).
@Suite struct ChangeValidationTests {
    static let device = "01900000-0000-7000-8000-00000000000a"
    static let now = Date(timeIntervalSince1970: 1_760_000_000)
    static let stamp = HLCTimestamp(wallMillis: 1_760_000_000_000, counter: 0, deviceID: device)

    func update(_ field: String, _ value: String?, entity: Change.Entity = .article, stamp: HLCTimestamp = stamp) -> Change {
        Change(entity: entity, entityID: EntityID.make(at: Self.now), operation: .update, field: field, value: value, timestamp: stamp)
    }

    /// The malformed updates that used to delete an article on every device, and more.
    @Test(arguments: [
        ("publishedAt", "5"), ("publishedAt", "\"last week\""), ("savedAt", "null"), ("savedAt", "\"soon\""), ("trashedAt", "true"),
        ("trashedAt", "\"2025-13-45\""), ("starred", "\"yes\""), ("starred", "1"), ("url", "7"), ("url", "[]"), ("contentStatus", "3"),
        ("state", "false"), ("title", "null"), ("content", "{\"text\": 1}"), ("progress", "2.5"), ("progress", "\"half\""),
        ("byline", "12"), ("site", "{}"), ("wordCount", "-3"), ("readingMinutes", "1.5"), ("tags", "[1, 2]"),
    ])
    func wronglyTypedArticleFieldsAreRefused(field: String, value: String) {
        #expect(SyncLog.problem(with: update(field, value), now: Self.now)?.contains(field) == true)
    }

    @Test func knownFieldsOfTheRightTypeUnknownFieldsAndUnknownEnumValuesAreAccepted() {
        for (field, value) in [
            ("publishedAt", "\"2025-02-08T10:00:00.000Z\""), ("publishedAt", "null"), ("starred", "true"), ("progress", "0.4"),
            ("url", "null"), ("state", "\"reading\""), ("contentStatus", "\"archived-offline\""), ("colour", "\"blue\""),
            ("futureField", "{\"nested\": [1, 2]}"),
        ] {
            #expect(SyncLog.problem(with: update(field, value), now: Self.now) == nil, "\(field)=\(value)")
        }
    }

    @Test func noteFieldsAreCheckedAndBothBodyFormsPass() {
        #expect(SyncLog.problem(with: update("body", "\"A legacy body\"", entity: .note), now: Self.now) == nil)
        let edit = "{\"text\": \"New\", \"base\": [\"\(Self.stamp)\"]}"
        #expect(SyncLog.problem(with: update("body", edit, entity: .note), now: Self.now) == nil)
        #expect(SyncLog.problem(with: update("body", "42", entity: .note), now: Self.now) != nil)
        #expect(SyncLog.problem(with: update("body", "{\"text\": \"x\", \"base\": [\"not a stamp\"]}", entity: .note), now: Self.now) != nil)
        #expect(SyncLog.problem(with: update("articleID", "\"nope\"", entity: .note), now: Self.now) != nil)
        #expect(SyncLog.problem(with: update("articleID", "null", entity: .note), now: Self.now) == nil)
    }

    @Test func createsAreCheckedFieldByField() {
        let article = Article(title: "Fine", content: "Text.")
        let good = Change(
            entity: .article, entityID: article.id, operation: .create, value: try? FolioJSON.string(article), timestamp: Self.stamp)
        #expect(SyncLog.problem(with: good, now: Self.now) == nil)
        var bad = good
        bad.value = good.value?.replacingOccurrences(of: "\"starred\":false", with: "\"starred\":\"no\"")
        #expect(bad.value != good.value)
        #expect(SyncLog.problem(with: bad, now: Self.now)?.contains("starred") == true)
    }

    @Test func clocksOutOfRangeAreRefused() {
        let overflow = HLCTimestamp(wallMillis: Self.stamp.wallMillis, counter: Int.max, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: overflow), now: Self.now)?.contains("counter") == true)
        let sixDigits = HLCTimestamp(wallMillis: Self.stamp.wallMillis, counter: 100_000, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: sixDigits), now: Self.now) != nil)
        let largest = HLCTimestamp(wallMillis: Self.stamp.wallMillis, counter: 99_999, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: largest), now: Self.now) == nil)
        let future = HLCTimestamp(wallMillis: 16_725_225_600_000, counter: 0, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: future), now: Self.now)?.contains("ahead") == true)
        let soon = HLCTimestamp(wallMillis: Self.stamp.wallMillis + 86_000_000, counter: 0, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: soon), now: Self.now) == nil)
        let beforeEpoch = HLCTimestamp(wallMillis: -1, counter: 0, deviceID: Self.device)
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: beforeEpoch), now: Self.now) != nil)
        let notADevice = HLCTimestamp(wallMillis: Self.stamp.wallMillis, counter: 0, deviceID: String(repeating: "x", count: 100))
        #expect(SyncLog.problem(with: update("title", "\"T\"", stamp: notADevice), now: Self.now)?.contains("device") == true)
    }

    @Test func theSameTimestampIsStoredOnce() {
        var log = SyncLog(epoch: "e1")
        let change = update("title", "\"Once\"")
        let first = log.push(PushRequest(deviceID: Self.device, mutations: [Mutation(deviceSequence: 1, change: change)]), now: Self.now)
        // The same change again under another device sequence (a replay, or a buggy client).
        let again = log.push(
            PushRequest(
                deviceID: Self.device, mutations: [Mutation(deviceSequence: 2, change: change), Mutation(deviceSequence: 3, change: change)]),
            now: Self.now)
        #expect(first.results.map(\.status) == [.applied])
        #expect(again.results.map(\.status) == [.duplicate, .duplicate])
        #expect(log.changes.count == 1)
    }

    @Test func theClockStaysInItsTextFormAndNeverTraps() {
        var clock = HybridLogicalClock(deviceID: Self.device)
        clock.observe(HLCTimestamp(wallMillis: 5_000, counter: 99_999, deviceID: "other"), now: Date(timeIntervalSince1970: 1))
        #expect(clock.last.wallMillis == 5_001 && clock.last.counter == 0)
        clock.observe(HLCTimestamp(wallMillis: 6_000, counter: Int.max, deviceID: "other"), now: Date(timeIntervalSince1970: 1))
        #expect(clock.last.wallMillis == 6_001 && clock.last.counter == 0)
        #expect(clock.last.description.split(separator: "-")[1].count == 5)
    }
}

/// Found by schemathesis: a device id starting with an emoji modifier hid the dash before it
/// in one grapheme, and the whole push was refused as not JSON instead of the change being
/// rejected.
@Suite struct TimestampTextTests {
    @Test func dashesAreFoundAmongScalars() throws {
        let stamp = try #require(HLCTimestamp("6507189762585185-67146-\u{1F3FB}x"))
        #expect(stamp.wallMillis == 6_507_189_762_585_185 && stamp.counter == 67_146 && stamp.deviceID == "\u{1F3FB}x")
        #expect(HLCTimestamp("0001764322077000-00000-") == nil)
        #expect(HLCTimestamp("0001764322077000-00000") == nil)
        #expect(HLCTimestamp("12a-00000-device") == nil)
        let canonical = HLCTimestamp(wallMillis: 1_764_322_077_000, counter: 3, deviceID: "01a2219b-0f1c-7d2e-8a9b-0c1d2e3f4a5b")
        #expect(HLCTimestamp(canonical.description) == canonical)
    }
}
