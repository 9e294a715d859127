import Foundation
import Testing

@testable import Models

@Suite struct CompactionRulesTests {
    let history = History()
    let noteID = "01a22157-7a89-79cc-8659-315fc7406b02"
    static let never: @Sendable (HLCTimestamp) -> Bool = { _ in false }
    static let always: @Sendable (HLCTimestamp) -> Bool = { _ in true }

    func article(_ changes: [Change]) -> MergedItem<Article> {
        history.merged(changes).article(id: history.articleID)
    }

    func note(_ changes: [Change]) -> MergedItem<Note> {
        history.merged(changes).note(id: noteID)
    }

    /// The note the kept changes make is the one the whole history makes, and so are its
    /// essentials.
    func expectSameNote(_ kept: [Change], _ changes: [Change], round: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(note(kept) == note(changes), "round \(round)", sourceLocation: sourceLocation)
        #expect(
            CompactionRules.essentials(of: history.merged(kept)) == CompactionRules.essentials(of: history.merged(changes)),
            "round \(round)", sourceLocation: sourceLocation)
    }

    func noteCreate(_ body: String, at timestamp: HLCTimestamp, tags: [String] = []) throws -> Change {
        let note = Note(id: noteID, body: body, tags: tags, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        return Change(entity: .note, entityID: noteID, operation: .create, value: try FolioJSON.string(note), timestamp: timestamp)
    }

    func bodyEdit(_ text: String, base: [HLCTimestamp], at timestamp: HLCTimestamp) throws -> Change {
        Change(
            entity: .note, entityID: noteID, operation: .update, field: "body",
            value: try FolioJSON.string(NoteBodyEdit(text: text, base: base)), timestamp: timestamp)
    }

    /// An edit of one random line of the note as a device that knows `known` shows it, made
    /// from the heads it shows, a few milliseconds after `millis`.
    func randomEdit(on device: String, from known: [Change], millis: inout Int64, random: inout SplitMix64) throws -> Change {
        millis += Int64(1 + random.below(50))
        let shown = try #require(note(known).item)
        var text = shown.body.components(separatedBy: "\n")
        let line = random.below(text.count)
        text[line] += " \(device)\(millis)"
        let heads = history.merged(known).noteBody?.heads ?? []
        return try bodyEdit(text.joined(separator: "\n"), base: heads, at: history.clock(millis, device))
    }

    /// The note's creation and `edits` random edits on three devices, each knowing all or only
    /// part of the history when it edits.
    func randomNoteHistory(edits: Int, millis: inout Int64, random: inout SplitMix64) throws -> [Change] {
        let lines = (0..<6).map { "line \($0)" }
        var changes = [try noteCreate(lines.joined(separator: "\n"), at: history.clock(1000, "a"))]
        for _ in 0..<edits {
            let known = random.chance(70) ? changes : Array(changes.prefix(1 + random.below(changes.count)))
            changes.append(try randomEdit(on: ["a", "b", "c"][random.below(3)], from: known, millis: &millis, random: &random))
        }
        return changes
    }

    @Test func aFieldOverwrittenLaterGoesAndTheWinnerStays() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let first = history.update("title", "\"First\"", at: history.clock(2000, "a"))
        let second = history.update("title", "\"Second\"", at: history.clock(3000, "b"))
        let changes = [create, second, first]
        let plan = CompactionRules.plan(for: changes, settled: Self.never)
        #expect(plan.drops == [first.timestamp])
        // The snapshot stays (its other fields win) without its title, which lost.
        let rewritten = try #require(plan.rewrites[create.timestamp])
        #expect(MergeRules.jsonFields(rewritten)?["title"] == nil)
        #expect(MergeRules.jsonFields(rewritten)?["content"] != nil)
        let kept = plan.applied(to: changes)
        #expect(kept.count == 2)
        #expect(article(kept) == article(changes))
        #expect(article(kept).item?.title == "Second")
        #expect(plan.freedBytes(of: changes) > first.value?.utf8.count ?? 0)
        // Compacting again finds nothing more.
        #expect(CompactionRules.plan(for: kept, settled: Self.never).isEmpty)
    }

    /// Progress merges by maximum: a lower value written later goes, the larger one written
    /// earlier stays, and an equal value keeps the later write.
    @Test func progressKeepsTheLargestValueEvenWhenALowerOneIsLater() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let far = history.update("progress", "0.8", at: history.clock(2000, "a"))
        let nearLater = history.update("progress", "0.3", at: history.clock(3000, "b"))
        let sameLater = history.update("progress", "0.8", at: history.clock(2500, "c"))
        let changes = [create, far, nearLater, sameLater]
        let plan = CompactionRules.plan(for: changes, settled: Self.never)
        #expect(plan.drops == [far.timestamp, nearLater.timestamp])
        #expect(article(plan.applied(to: changes)) == article(changes))
        #expect(article(plan.applied(to: changes)).item?.progress == 0.8)
        // A write that arrives later merges the same with or without what went.
        let lower = history.update("progress", "0.5", at: history.clock(4000, "a"))
        #expect(article(plan.applied(to: changes) + [lower]) == article(changes + [lower]))
    }

    @Test func aTagOperationGoesWhenALaterOneOnTheSameTagIsKnown() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))  // tagged "news"
        let remove = history.operation(.tagRemove, "\"news\"", at: history.clock(2000, "b"))
        let add = history.operation(.tagAdd, "\"news\"", at: history.clock(3000, "a"))
        let other = history.operation(.tagAdd, "\"other\"", at: history.clock(2500, "a"))
        let changes = [create, remove, add, other]
        let plan = CompactionRules.plan(for: changes, settled: Self.never)
        #expect(plan.drops == [remove.timestamp])
        let rewritten = try #require(plan.rewrites[create.timestamp])
        #expect(MergeRules.jsonFields(rewritten)?["tags"] == "[]")
        #expect(article(plan.applied(to: changes)) == article(changes))
        #expect(article(plan.applied(to: changes)).item?.tags == ["news", "other"])
    }

    @Test func aSettledPurgeKeepsOnlyItsTombstone() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let edit = history.update("title", "\"Edited\"", at: history.clock(1500, "b"))
        let olderPurge = history.operation(.purge, at: history.clock(1800, "b"))
        let purge = history.operation(.purge, at: history.clock(2000, "a"))
        let changes = [create, edit, olderPurge, purge]
        // Not settled: the older purge goes (a later one stands), the item's history stays.
        let unsettled = CompactionRules.plan(for: changes, settled: Self.never)
        #expect(unsettled.drops == [olderPurge.timestamp])
        // Settled: only the tombstone stays.
        let settled = CompactionRules.plan(for: changes, settled: { $0 == purge.timestamp })
        #expect(settled.applied(to: changes) == [purge])
        #expect(article(settled.applied(to: changes)) == .absent)
        #expect(CompactionRules.essentials(of: history.merged([purge])) == CompactionRules.essentials(of: history.merged(changes)))
    }

    /// A write later than the purge brings the item back in the trash with all its fields:
    /// then its history is the item's again, and only superseded writes go.
    @Test func aWriteLaterThanThePurgeKeepsTheItemsHistory() throws {
        let create = try history.create(history.article(), at: history.clock(1000, "a"))
        let purge = history.operation(.purge, at: history.clock(2000, "a"))
        let racingEdit = history.update("title", "\"Still needed\"", at: history.clock(2500, "b"))
        let changes = [create, purge, racingEdit]
        let plan = CompactionRules.plan(for: changes, settled: Self.always)
        #expect(plan.drops.isEmpty)
        let back = try #require(article(plan.applied(to: changes)).item)
        #expect(back.isTrashed)
        #expect(back.url == "https://example.com/a")
        #expect(article(plan.applied(to: changes)) == article(changes))
    }

    @Test func aNoteKeepsOnlyItsSettledHead() throws {
        let create = try noteCreate("one", at: history.clock(1000, "a"), tags: ["idea"])
        let second = try bodyEdit("one\ntwo", base: [create.timestamp], at: history.clock(2000, "a"))
        let third = try bodyEdit("one\ntwo\nthree", base: [second.timestamp], at: history.clock(3000, "b"))
        let changes = [create, second, third]
        // Not settled: a device may still edit from `second`, so every version stays.
        #expect(CompactionRules.plan(for: changes, settled: Self.never).isEmpty)
        // `second` settled, the head not: what came before `second` goes (the first body).
        let partly = CompactionRules.plan(for: changes, settled: { $0 != third.timestamp })
        #expect(partly.drops.isEmpty)
        #expect(partly.rewrites[create.timestamp].flatMap { MergeRules.jsonFields($0)?["body"] } == nil)
        #expect(note(partly.applied(to: changes)) == note(changes))
        // Settled: the head alone; the snapshot stays (its other fields win) without its body.
        let plan = CompactionRules.plan(for: changes, settled: { $0 == third.timestamp })
        #expect(plan.drops == [second.timestamp])
        let rewritten = try #require(plan.rewrites[create.timestamp])
        #expect(MergeRules.jsonFields(rewritten)?["body"] == nil)
        #expect(MergeRules.jsonFields(rewritten)?["tags"] == "[\"idea\"]")
        let kept = plan.applied(to: changes)
        #expect(note(kept) == note(changes))
        #expect(note(kept).item?.body == "one\ntwo\nthree")
        // Two devices edit from the head afterwards, on different lines: the same merge.
        let fromA = try bodyEdit("ONE\ntwo\nthree", base: [third.timestamp], at: history.clock(4000, "a"))
        let fromB = try bodyEdit("one\ntwo\nthree\nfour", base: [third.timestamp], at: history.clock(4100, "b"))
        #expect(note(kept + [fromA, fromB]) == note(changes + [fromA, fromB]))
        #expect(note(kept + [fromA, fromB]).item?.body == "ONE\ntwo\nthree\nfour")
        #expect(CompactionRules.essentials(of: history.merged(kept)) == CompactionRules.essentials(of: history.merged(changes)))
    }

    @Test func aNoteDropsWhatCameBeforeItsNewestSettledVersion() throws {
        let create = try noteCreate("one", at: history.clock(1000, "a"))
        let second = try bodyEdit("one\ntwo", base: [create.timestamp], at: history.clock(2000, "a"))
        let third = try bodyEdit("one\ntwo\nthree", base: [second.timestamp], at: history.clock(3000, "a"))
        // Two edits from `third`, neither settled yet: `third` is the newest settled version
        // both heads come from, so what came before it goes.
        let fromA = try bodyEdit("ONE\ntwo\nthree", base: [third.timestamp], at: history.clock(4000, "a"))
        let fromB = try bodyEdit("one\ntwo\nthree\nfour", base: [third.timestamp], at: history.clock(4100, "b"))
        let changes = [create, second, third, fromA, fromB]
        let settled: (HLCTimestamp) -> Bool = { $0 <= third.timestamp }
        let plan = CompactionRules.plan(for: changes, settled: settled)
        #expect(plan.drops == [second.timestamp])
        #expect(plan.rewrites[create.timestamp].flatMap { MergeRules.jsonFields($0)?["body"] } == nil)
        let kept = plan.applied(to: changes)
        #expect(note(kept) == note(changes))
        #expect(note(kept).item?.body == "ONE\ntwo\nthree\nfour")
        // A device that acknowledged `third` but not the edits after it edits from `third`:
        // the same merge as with the whole history.
        let fromC = try bodyEdit("one\nTWO\nthree", base: [third.timestamp], at: history.clock(4200, "c"))
        #expect(note(kept + [fromC]) == note(changes + [fromC]))
        // Only `second` settled: the heads come from `third`, which is not, so `create`'s body goes.
        let early = CompactionRules.plan(for: changes, settled: { $0 <= second.timestamp })
        #expect(early.drops.isEmpty)
        #expect(early.rewrites[create.timestamp] != nil)
        #expect(note(early.applied(to: changes)) == note(changes))
    }

    @Test func aNoteInConflictKeepsEveryVersion() throws {
        let create = try noteCreate("one", at: history.clock(1000, "a"))
        let fromA = try bodyEdit("one (a)", base: [create.timestamp], at: history.clock(2000, "a"))
        let fromB = try bodyEdit("one (b)", base: [create.timestamp], at: history.clock(2100, "b"))
        let changes = [create, fromA, fromB]
        #expect(note(changes).item?.hasConflict == true)
        #expect(CompactionRules.plan(for: changes, settled: Self.always).isEmpty)
    }

    /// Random histories of one article: whatever is settled, the compacted changes rebuild the
    /// same article with the same essentials, compacting again changes nothing, and any
    /// changes that arrive later merge with the compacted ones as with the whole history
    /// (when nothing is settled: the rules that need no device's acknowledgement).
    @Test func randomArticleHistoriesRebuildTheSameAfterCompaction() throws {
        var random = SplitMix64(seed: 14)
        let devices = ["a", "b", "c"]
        var dropped = 0
        func randomChange(_ step: Int) -> Change {
            let timestamp = history.clock(Int64(1000 + random.below(60) * 10), devices[random.below(3)], counter: step + 1)
            switch random.below(9) {
            case 0, 1: return history.update("title", "\"Title \(random.below(5))\"", at: timestamp)
            case 2: return history.update("progress", String(Double(random.below(11)) / 10), at: timestamp)
            case 3: return history.update("starred", random.chance(50) ? "true" : "false", at: timestamp)
            case 4: return history.operation(.tagAdd, "\"t\(random.below(3))\"", at: timestamp)
            case 5: return history.operation(.tagRemove, "\"t\(random.below(3))\"", at: timestamp)
            case 6: return history.operation(random.chance(50) ? .trash : .restore, at: timestamp)
            case 7: return history.operation(.purge, at: timestamp)
            default:
                var article = history.article()
                article.title = "Snapshot \(random.below(5))"
                article.tags = ["t\(random.below(3))"]
                return Change(
                    entity: .article, entityID: article.id, operation: .create, value: (try? FolioJSON.string(article)) ?? "{}",
                    timestamp: timestamp)
            }
        }
        for round in 0..<400 {
            var changes = [try history.create(history.article(), at: history.clock(1000, "a"))]
            for step in 0..<random.between(1...14) { changes.append(randomChange(step)) }
            let settledNow = random.chance(50)
            let plan = CompactionRules.plan(for: changes, settled: { _ in settledNow })
            let kept = plan.applied(to: changes)
            dropped += plan.drops.count
            #expect(article(kept) == article(changes), "round \(round)")
            #expect(
                CompactionRules.essentials(of: history.merged(kept)) == CompactionRules.essentials(of: history.merged(changes)),
                "round \(round)")
            #expect(CompactionRules.plan(for: kept, settled: { _ in settledNow }).drops.isEmpty, "round \(round)")
            guard !settledNow else { continue }
            let later = (0..<random.between(1...4)).map { randomChange(100 + $0) }
            #expect(article(kept + later) == article(changes + later), "round \(round)")
        }
        #expect(dropped > 400)
    }

    /// Random note histories edited on several devices, each from the versions it has seen:
    /// once the one head is settled, the compacted note and every later edit made from what a
    /// device shows (concurrent ones included) merge as with the whole history.
    @Test func randomNoteHistoriesMergeTheSameAfterTheirHeadIsSettled() throws {
        var random = SplitMix64(seed: 15)
        var compactedNotes = 0
        for round in 0..<200 {
            var millis: Int64 = 1000
            let changes = try randomNoteHistory(edits: random.between(1...8), millis: &millis, random: &random)
            guard let heads = history.merged(changes).noteBody?.allHeads else { continue }
            let plan = CompactionRules.plan(for: changes, settled: Self.always)
            let kept = plan.applied(to: changes)
            expectSameNote(kept, changes, round: round)
            if heads.count == 1 {
                #expect(kept.count <= 2, "round \(round)")
                compactedNotes += 1
            }
            // Devices that show the note (they acknowledged it) edit it, concurrently or not.
            var later: [Change] = []
            for _ in 0..<random.between(1...3) {
                let base = random.chance(50) ? changes + later : changes
                later.append(try randomEdit(on: ["a", "b", "c"][random.below(3)], from: base, millis: &millis, random: &random))
            }
            #expect(note(kept + later) == note(changes + later), "round \(round)")
        }
        #expect(compactedNotes > 50)
    }

    /// Random note histories, with the first changes of the log settled (every device pulled
    /// past them, as a server's settled sequence says): the compacted note, and every later
    /// edit made by a device that holds at least what is settled, merge as with the whole
    /// history.
    @Test func randomNoteHistoriesMergeTheSameWhateverPartIsSettled() throws {
        var random = SplitMix64(seed: 16)
        var dropping = 0
        for round in 0..<300 {
            var millis: Int64 = 1000
            let changes = try randomNoteHistory(edits: random.between(2...10), millis: &millis, random: &random)
            let settledCount = 1 + random.below(changes.count)
            let settledClocks = Set(changes.prefix(settledCount).map(\.timestamp))
            let plan = CompactionRules.plan(for: changes, settled: { settledClocks.contains($0) })
            let kept = plan.applied(to: changes)
            if !plan.drops.isEmpty { dropping += 1 }
            expectSameNote(kept, changes, round: round)
            // Devices edit from what they hold: at least the settled part, maybe more.
            var later: [Change] = []
            for _ in 0..<random.between(1...3) {
                let holds = settledCount + random.below(changes.count - settledCount + 1)
                let known = Array(changes.prefix(holds)) + (random.chance(50) ? later : [])
                later.append(try randomEdit(on: ["a", "b", "c"][random.below(3)], from: known, millis: &millis, random: &random))
            }
            #expect(note(kept + later) == note(changes + later), "round \(round)")
        }
        #expect(dropping > 50, "versions went in \(dropping) of 300 histories")
    }
}
