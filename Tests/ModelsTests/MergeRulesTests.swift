import Foundation
import Testing

@testable import Models

/// Changes to one article from several devices, with explicit clocks.
struct History {
    let articleID = "01a22157-7a89-79cc-8659-315fc7406a09"

    func clock(_ millis: Int64, _ device: String, counter: Int = 0) -> HLCTimestamp {
        HLCTimestamp(wallMillis: millis, counter: counter, deviceID: device)
    }

    func create(_ article: Article, at timestamp: HLCTimestamp) throws -> Change {
        Change(entity: .article, entityID: article.id, operation: .create, value: try FolioJSON.string(article), timestamp: timestamp)
    }

    func update(_ field: String, _ json: String, at timestamp: HLCTimestamp) -> Change {
        Change(entity: .article, entityID: articleID, operation: .update, field: field, value: json, timestamp: timestamp)
    }

    func operation(_ operation: Change.Operation, _ value: String? = nil, at timestamp: HLCTimestamp) -> Change {
        Change(entity: .article, entityID: articleID, operation: operation, value: value, timestamp: timestamp)
    }

    func article() -> Article {
        Article(
            id: articleID, url: "https://example.com/a", title: "Original", publishedAt: ISODate.parse("2025-02-08"),
            savedAt: Date(timeIntervalSince1970: 1_700_000_000), content: "Some text here.", tags: ["news"])
    }

    /// Applies the changes in order to a fresh state.
    func merged(_ changes: [Change]) -> MergeState {
        var state = MergeState()
        for change in changes { MergeRules.apply(change, to: &state) }
        return state
    }
}

@Suite struct MergeRulesTests {
    let history = History()

    @Test func concurrentEditsToDifferentFieldsBothSurvive() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let title = history.update("title", "\"From A\"", at: history.clock(2000, "a"))
        let starred = history.update("starred", "true", at: history.clock(1900, "b"))
        for order in [[create, title, starred], [starred, title, create], [title, create, starred]] {
            let article = try #require(history.merged(order).article(id: history.articleID).item)
            #expect(article.title == "From A")
            #expect(article.starred)
            #expect(article.content == "Some text here.")
        }
    }

    @Test func theLaterWriteOfOneFieldWinsAndTiesGoToTheDeviceID() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let early = history.update("title", "\"Early\"", at: history.clock(2000, "b"))
        let late = history.update("title", "\"Late\"", at: history.clock(3000, "a"))
        #expect(history.merged([create, late, early]).article(id: history.articleID).item?.title == "Late")
        let fromA = history.update("title", "\"A\"", at: history.clock(4000, "a"))
        let fromB = history.update("title", "\"B\"", at: history.clock(4000, "b"))
        #expect(history.merged([create, fromB, fromA]).article(id: history.articleID).item?.title == "B")
        #expect(history.merged([create, fromA, fromB]).article(id: history.articleID).item?.title == "B")
    }

    @Test func tagsMergeAsASet() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let addOnA = history.operation(.tagAdd, "\"russia\"", at: history.clock(2000, "a"))
        let removeOnB = history.operation(.tagRemove, "\"news\"", at: history.clock(2000, "b"))
        let article = try #require(history.merged([create, removeOnB, addOnA]).article(id: history.articleID).item)
        #expect(article.tags == ["russia"])
        // Add and remove of the same tag: the later one decides.
        let readd = history.operation(.tagAdd, "\"news\"", at: history.clock(3000, "a"))
        #expect(history.merged([create, readd, removeOnB]).presentTags == ["news"])
    }

    @Test func readingProgressTakesTheMaximum() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let far = history.update("progress", "0.8", at: history.clock(2000, "a"))
        let nearLater = history.update("progress", "0.3", at: history.clock(3000, "b"))
        #expect(history.merged([create, nearLater, far]).article(id: history.articleID).item?.progress == 0.8)
        #expect(history.merged([create, far, nearLater]).article(id: history.articleID).item?.progress == 0.8)
    }

    @Test func trashRacingAnEditKeepsBoth() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let trash = history.operation(.trash, at: history.clock(2000, "a"))
        let edit = history.update("title", "\"Edited\"", at: history.clock(2100, "b"))
        let article = try #require(history.merged([create, edit, trash]).article(id: history.articleID).item)
        #expect(article.title == "Edited")
        #expect(article.isTrashed)
        let restore = history.operation(.restore, at: history.clock(3000, "b"))
        #expect(history.merged([restore, create, trash]).article(id: history.articleID).item?.isTrashed == false)
    }

    @Test func anEditAfterAPurgeBringsTheItemBackInTheTrash() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let purge = history.operation(.purge, at: history.clock(2000, "a"))
        let racingEdit = history.update("title", "\"Still needed\"", at: history.clock(2500, "b"))
        let back = try #require(history.merged([create, purge, racingEdit]).article(id: history.articleID).item)
        #expect(back.title == "Still needed")
        #expect(back.isTrashed)
        // An edit older than the purge stays purged.
        let olderEdit = history.update("title", "\"Old\"", at: history.clock(1500, "b"))
        #expect(history.merged([olderEdit, purge, create]).article(id: history.articleID) == .absent)
        #expect(history.merged([create, olderEdit, purge]).isPurged)
    }

    /// Found by the simulation: an item that came back in the trash could never be restored,
    /// since the restore, a write after the purge, put it back in the trash.
    @Test func anItemRestoredAfterComingBackFromAPurgeLeavesTheTrash() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let purge = history.operation(.purge, at: history.clock(2000, "a"))
        let racingEdit = history.update("title", "\"Still needed\"", at: history.clock(2500, "b"))
        // Back in the trash as trashed at the purge, a date later writes do not move (found by
        // the simulation: it was the latest write's, so a device's own edit disagreed with sync).
        let back = try #require(history.merged([create, purge, racingEdit]).article(id: history.articleID).item)
        #expect(back.trashedAt == purge.timestamp.date)
        let laterEdit = history.update("starred", "true", at: history.clock(2700, "c"))
        #expect(history.merged([create, purge, racingEdit, laterEdit]).article(id: history.articleID).item?.trashedAt == purge.timestamp.date)
        let restore = history.operation(.restore, at: history.clock(3000, "b"))
        let restored = try #require(history.merged([restore, create, purge, racingEdit]).article(id: history.articleID).item)
        #expect(!restored.isTrashed)
        #expect(restored.title == "Still needed")
        // Trashed again later: in the trash, from that time.
        let trash = history.operation(.trash, at: history.clock(4000, "a"))
        let trashed = try #require(history.merged([create, purge, racingEdit, restore, trash]).article(id: history.articleID).item)
        #expect(trashed.trashedAt == trash.timestamp.date)
        // A restore older than the purge does not take the item out of the trash.
        let oldRestore = history.operation(.restore, at: history.clock(1500, "b"))
        #expect(try #require(history.merged([create, oldRestore, purge, racingEdit]).article(id: history.articleID).item).isTrashed)
    }

    @Test func materializedArticlesRecomputeDerivedFields() throws {
        let original = history.article()
        let create = try history.create(original, at: history.clock(1000, "a"))
        let content = history.update("content", "\"One two three four.\"", at: history.clock(2000, "a"))
        let article = try #require(history.merged([create, content]).article(id: history.articleID).item)
        #expect(article.wordCount == 4)
        #expect(article.excerpt == "One two three four.")
        #expect(article.normalizedURL == original.normalizedURL)
        #expect(article.savedAt == original.savedAt)
        #expect(article.publishedAt == original.publishedAt)
    }

    /// Random histories over one article, applied in random orders and with duplicates: every
    /// order gives the same state (the rules commute and are idempotent).
    @Test func anyOrderAndAnyDuplicationGivesTheSameState() throws {
        var random = SplitMix64(seed: 2026)
        let devices = ["a", "b", "c"]
        let fields: [(String, () -> String)] = [
            ("title", { "\"Title \(Int.random(in: 0...9))\"" }),
            ("starred", { Bool.random() ? "true" : "false" }),
            ("state", { Bool.random() ? "\"unread\"" : "\"archived\"" }),
            ("progress", { String(Double(Int.random(in: 0...10)) / 10) }),
        ]
        for _ in 0..<300 {
            var changes = [try history.create(history.article(), at: history.clock(1000, "a"))]
            for step in 0..<random.between(1...12) {
                // A device never issues the same timestamp twice: the counter makes each unique.
                let timestamp = history.clock(Int64(1000 + random.below(40) * 10), devices[random.below(3)], counter: step + 1)
                switch random.below(6) {
                case 0, 1:
                    let (name, value) = fields[random.below(fields.count)]
                    changes.append(history.update(name, value(), at: timestamp))
                case 2: changes.append(history.operation(.tagAdd, "\"t\(random.below(3))\"", at: timestamp))
                case 3: changes.append(history.operation(.tagRemove, "\"t\(random.below(3))\"", at: timestamp))
                case 4: changes.append(history.operation(random.chance(50) ? .trash : .restore, at: timestamp))
                default: changes.append(history.operation(.purge, at: timestamp))
                }
            }
            let reference = history.merged(changes)
            for _ in 0..<4 {
                var shuffled = changes + changes.filter { _ in random.chance(30) }
                random.shuffle(&shuffled)
                #expect(history.merged(shuffled) == reference, "history \(changes.map { "\($0.operation)" })")
            }
        }
    }
}
