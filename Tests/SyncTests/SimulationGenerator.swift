import FolioTestSupport
import Foundation
import Models
import Storage
import Sync

/// Draws the steps of a simulated history from a seed, looking at what each device holds so
/// that most operations make sense (an edit names an article the device has).
///
/// Each scenario weighs its kinds of steps, operations and faults its own way, drawn from the
/// seed ("swarm testing"): scenarios that leave some things out, or do much of one thing, reach
/// more corners than scenarios that all do a little of everything.
struct SimulationGenerator {
    private var random: SplitMix64
    private var articleCount = 0
    private var noteCount = 0
    /// Weights of work, sync, late delivery, crash, server restart, clock jump, server reset,
    /// hostile push, server compaction.
    private var steps: [Int] = []
    /// Weights of article edit, tag change, new note, note edit, trash or restore, purge,
    /// emptying the trash.
    private var operations: [Int] = []
    /// Whether this scenario is about notes (see `drawMix`).
    private var notesFocus = false
    /// Weights of each fault (in `Self.faultKinds` order).
    private var faultWeights: [Int] = []
    /// Percent chance that a person adds an article rather than working on one.
    private var newArticle = 10
    private var maximumFaults = 3
    private let maximumSteps: Int
    /// Draws whether and whom the server forgets, apart from `random`, so that a seed's other
    /// steps stay what they were before devices were forgotten.
    private var forgetting: SplitMix64
    /// Percent chance that the server forgets a device before a step (0 in most scenarios).
    private var forgetChance: Int
    /// Steps drawn from `forgetting` that come before the next one drawn from `random`.
    private var extra: [SimulationStep] = []
    /// Whether the last step came from `forgetting` (it does not count among the scenario's
    /// steps, so that the others stay what they were).
    private(set) var lastStepWasExtra = false

    /// A generator for the scenario of `seed`, of at most `maximumSteps` steps.
    init(seed: UInt64, maximumSteps: Int = 30) {
        random = SplitMix64(seed: seed, salt: 0x5157, index: 0)
        self.maximumSteps = max(4, maximumSteps)
        forgetting = SplitMix64(seed: seed, salt: 0xF06E, index: 0)
        forgetChance = forgetting.chance(35) ? forgetting.between(3...12) : 0
        var compacting = SplitMix64(seed: seed, salt: 0xC0FA, index: 0)
        deviceCompactionStep = compacting.chance(40) ? compacting.between(0...2) : SyncEngine.defaultCompactionStep
    }

    /// Items a device compacts after each sync: in some scenarios so few that a device's
    /// compaction has not reached an item when a page changes it (drawn apart from `random`,
    /// so that a seed's steps stay what they were).
    private let deviceCompactionStep: Int

    private static let faultKinds: [Fault] = [.deliver, .dropRequest, .dropResponse, .duplicate, .delay, .crashBefore, .crashAfter]

    /// The index of a weight, drawn in proportion to the weights.
    private mutating func weighted(_ weights: [Int]) -> Int {
        var roll = random.below(max(1, weights.reduce(0, +)))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return 0
    }

    private mutating func drawMix() {
        steps = [
            random.between(30...70), random.between(12...40), random.between(0...8), random.between(0...6), random.between(0...4),
            random.between(0...4), random.chance(25) ? random.between(1...2) : 0,
        ]
        operations = [random.between(2...10)] + (0..<6).map { _ in random.between(0...10) }
        operations[6] = min(operations[6], 2)
        faultWeights = [random.between(2...10)] + (0..<6).map { _ in random.between(0...5) }
        newArticle = random.between(4...25)
        maximumFaults = random.between(0...3)
        // A third of the scenarios are about notes: few articles, many notes, edited on
        // several devices between frequent syncs, so that bodies merge, conflict and get
        // resolved.
        notesFocus = random.chance(33)
        if notesFocus {
            steps[0] += 50
            steps[1] += 30
            operations[2] = 3  // few notes, so that devices edit the same ones
            operations[3] += 60
            newArticle = 2
        }
        // Drawn last, so that the scenarios of earlier seeds keep their other draws.
        steps.append(random.chance(20) ? random.between(1...3) : 0)
        // Server compaction at random moments in most scenarios (and then after pushes too).
        steps.append(random.chance(70) ? random.between(1...6) : 0)
    }

    /// The shape of a scenario: devices, steps, the start of time and each device's clock skew.
    struct Shape: Sendable {
        var devices: Int
        var steps: Int
        var deviceIDs: [String]
        var startMillis: Int64
        var skews: [Int64]
        var epoch: String
        /// Whether pulls leave out the asking device's own changes, as the HTTP server does
        /// for `folio sync` (`device=` on `/v1/pull`).
        var pullsLeaveOutOwnChanges: Bool
        /// Items the server compacts after each push (nil: it compacts only in compaction
        /// steps, or never).
        var compactionStep: Int?
        /// Items a device compacts after each of the scenario's syncs (the final syncs compact
        /// everything, as `SyncEngine` does by default).
        var deviceCompactionStep = SyncEngine.defaultCompactionStep
    }

    mutating func shape() -> Shape {
        drawMix()
        // Scenarios about notes have fewer devices and more steps, so that each device has
        // notes to edit.
        let devices = notesFocus ? random.between(2...3) : random.between(2...5)
        let steps = notesFocus ? random.between(min(20, maximumSteps)...maximumSteps) : random.between(4...maximumSteps)
        let start = Int64(1_750_000_000_000) + Int64(random.below(1_000_000))
        let date = Date(timeIntervalSince1970: Double(start) / 1000)
        let ids = (0..<devices).map { _ in EntityID.make(at: date, using: &random) }
        let skews = (0..<devices).map { _ in random.chance(50) ? 0 : Int64(random.between(-40...40)) }
        return Shape(
            devices: devices, steps: steps, deviceIDs: ids, startMillis: start, skews: skews, epoch: EntityID.make(at: date, using: &random),
            pullsLeaveOutOwnChanges: random.chance(50), compactionStep: self.steps[8] > 0 && random.chance(60) ? random.between(1...3) : nil,
            deviceCompactionStep: deviceCompactionStep)
    }

    /// The next step, given what every device holds now.
    mutating func step(
        devices: Int, libraries: (Int) throws -> LibrarySnapshot, now: (Int) -> Date
    ) rethrows -> SimulationStep {
        // Not in scenarios where the server loses its data: a device that compacted by what
        // the server said was settled while it did not wait for a forgotten device holds less
        // than that device, and a server that starts again from what devices push cannot tell
        // (an open case: docs/sync-protocol.md, "A device that comes back"; seed 710166).
        if extra.isEmpty, forgetChance > 0, steps[6] == 0, forgetting.chance(forgetChance) {
            // The server forgets a device; often the others then sync until they have
            // acknowledged everything, and the server compacts all it can, so that what only
            // the forgotten device still holds goes (the device comes back later, in the
            // scenario's own steps).
            let forgotten = forgetting.below(devices)
            extra = [SimulationStep(advance: 0, action: .forgetDevice(device: forgotten))]
            if forgetting.chance(60) {
                let others = (0..<devices).filter { $0 != forgotten }
                for _ in 0..<2 {
                    extra += others.map { SimulationStep(advance: 1, action: .sync(device: $0, pushBatch: 6, page: 5, faults: [])) }
                }
                extra.append(SimulationStep(advance: 0, action: .compactServer(itemLimit: .max)))
            }
        }
        lastStepWasExtra = !extra.isEmpty
        if !extra.isEmpty { return extra.removeFirst() }
        let advance = Int64(random.chance(40) ? 0 : random.between(1...5))
        let device = random.below(devices)
        let action: SimulationStep.Action
        switch weighted(steps) {
        case 0:
            let library = try libraries(device)
            action = .work(device: device, operation(articles: library.articles, notes: library.notes, now: now(device)))
        case 1:
            action = .sync(device: device, pushBatch: random.between(1...6), page: random.between(1...5), faults: faults())
        case 2: action = .deliverHeld(random.below(4))
        case 3: action = .crash(device: device)
        case 4: action = .restartServer
        case 5: action = .clockJump(device: device, millis: random.chance(60) ? -Int64(random.between(1...200)) : Int64(random.between(1...50)))
        case 6: action = .resetServer(epoch: EntityID.make(at: now(device), using: &random))
        case 7: action = .hostilePush(try hostileChange(library: libraries(device), now: now(device)))
        default: action = .compactServer(itemLimit: random.chance(50) ? .max : random.between(1...4))
        }
        return SimulationStep(advance: advance, action: action)
    }

    /// The device id of the rogue client.
    static let rogueDevice = "01900000-0000-7000-8000-0000000000ff"

    /// A change no Folio writes, on an item the device holds when it has one: every kind of
    /// malformed value the server must refuse (`ChangeValidation`).
    private mutating func hostileChange(library: LibrarySnapshot, now: Date) -> Change {
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        let article = library.articles.isEmpty ? nil : library.articles[random.below(library.articles.count)]
        let note = library.notes.isEmpty ? nil : library.notes[random.below(library.notes.count)]
        let articleID = article?.id ?? EntityID.make(at: now, using: &random)
        var stamp = HLCTimestamp(wallMillis: millis, counter: random.below(1_000), deviceID: Self.rogueDevice)
        let kinds: [(Change.Entity, String, String?)] = [
            (.article, "publishedAt", "5"), (.article, "savedAt", "\"soon\""), (.article, "trashedAt", "true"),
            (.article, "starred", "\"yes\""), (.article, "url", "7"), (.article, "contentStatus", "3"),
            (.article, "progress", "2.5"), (.article, "title", "null"), (.article, "content", "{\"text\": 1}"),
            (.note, "body", "42"), (.note, "articleID", "\"not-an-id\""), (.note, "createdAt", "\"yesterday\""),
            (.article, "title", "\"Far future\""), (.article, "title", "\"Counter overflow\""),
        ]
        let (entity, field, value) = kinds[random.below(kinds.count)]
        if value == "\"Far future\"" { stamp.wallMillis = 16_725_225_600_000 }  // the year 2500
        if value == "\"Counter overflow\"" { stamp.counter = Int.max }
        let id = entity == .note ? note?.id ?? EntityID.make(at: now, using: &random) : articleID
        return Change(entity: entity, entityID: id, operation: .update, field: field, value: value, timestamp: stamp)
    }

    private mutating func faults() -> [Fault] {
        (0..<random.between(0...maximumFaults)).map { _ in Self.faultKinds[weighted(faultWeights)] }
    }

    /// An id that reads as a short name in histories: UUIDv7 with the name in its last digits.
    private mutating func makeID(kind: Character, number: Int, now: Date) -> String {
        let base = EntityID.make(at: now, using: &random)
        let digits = String(number)
        return base.dropLast(12) + String(kind) + String(repeating: "0", count: 11 - digits.count) + digits
    }

    private static let titles = ["Alpha", "Beta", "Gamma", "Delta"]
    private static let contents = ["red green blue", "one two three", "sun moon star", "left right"]
    private static let urls = ["https://example.com/a", "https://example.com/b", "http://www.example.com/a/", "https://other.org/x"]
    private static let people = ["Ann", "Bob"]
    private static let sites = ["Example", "Other"]
    private static let tags = ["t0", "t1", "t2"]

    /// The lines of a new note's body after its first: edits change, add or remove lines, so
    /// that concurrent edits sometimes merge and sometimes conflict.
    private static let noteLines = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]

    private mutating func newNote(on article: Article, now: Date) -> SimulatedOperation {
        noteCount += 1
        let onArticle = random.chance(85)
        let words = article.content.split(separator: " ").map(String.init)
        return .addNote(
            Note(
                id: makeID(kind: "b", number: noteCount, now: now), articleID: onArticle ? article.id : nil,
                quote: onArticle && random.chance(30) ? random.pick(words) : nil,
                body: (["note \(noteCount)"] + Self.noteLines).joined(separator: "\n"), tags: someTags(), createdAt: now))
    }

    /// A person's edit of a note's body: one line changed, added or removed.
    private mutating func editedBody(_ body: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = random.below(lines.count)
        switch random.below(5) {
        case 0: lines.insert("added \(random.below(4))", at: line)
        case 1 where lines.count > 1: lines.remove(at: line)
        default: lines[line] = "edited \(random.below(4))"
        }
        return lines.joined(separator: "\n")
    }

    private mutating func text(_ pool: [String]) -> String {
        random.pick(pool) ?? ""
    }

    private mutating func someTags() -> [String] {
        Self.tags.filter { _ in random.chance(30) }
    }

    private mutating func operation(articles: [Article], notes: [Note], now: Date) -> SimulatedOperation {
        guard let article = random.pick(articles), !random.chance(newArticle) else {
            articleCount += 1
            return .addArticle(
                Article(
                    id: makeID(kind: "a", number: articleCount, now: now), url: random.chance(40) ? text(Self.urls) : nil,
                    title: text(Self.titles), byline: random.chance(50) ? text(Self.people) : nil, savedAt: now,
                    content: text(Self.contents), tags: someTags(), state: random.chance(80) ? .unread : .archived,
                    starred: random.chance(20), progress: Double(random.below(3)) / 2))
        }
        // People notice a conflict: in scenarios about notes, a conflicted note is often the
        // one they turn to.
        let conflicted = notesFocus ? notes.filter(\.hasConflict) : []
        let note = !conflicted.isEmpty && random.chance(50) ? random.pick(conflicted) : random.pick(notes)
        switch weighted(operations) {
        case 0:
            return .editArticle(id: article.id, articleEdit())
        case 1:
            var edit = ArticleEdit()
            if random.chance(50) { edit.addTags = [text(Self.tags)] } else { edit.removeTags = [random.pick(article.tags) ?? text(Self.tags)] }
            return .editArticle(id: article.id, edit)
        case 2:
            return newNote(on: article, now: now)
        case 3:
            guard let note else { return notesFocus ? newNote(on: article, now: now) : .editArticle(id: article.id, articleEdit()) }
            if note.hasConflict, random.chance(80) {
                return .resolveNote(id: note.id, side: random.below(note.conflicts.count + 1))
            }
            var edit = NoteEdit()
            switch random.below(4) {
            case 0: edit.addTags = [text(Self.tags)]
            case 1: edit.removeTags = [random.pick(note.tags) ?? text(Self.tags)]
            default: edit.body = editedBody(note.body)
            }
            return .editNote(id: note.id, edit)
        case 4:
            if let note, random.chance(40) { return note.isTrashed ? .restore(.note(note.id)) : .trash(.note(note.id)) }
            return article.isTrashed ? .restore(.article(article.id)) : .trash(.article(article.id))
        case 5:
            if let note, random.chance(40) { return .purge(.note(note.id)) }
            return .purge(.article(article.id))
        default:
            return .emptyTrash
        }
    }

    private mutating func articleEdit() -> ArticleEdit {
        var edit = ArticleEdit()
        for _ in 0..<random.between(1...2) {
            switch random.below(11) {
            case 0: edit.title = text(Self.titles)
            case 1: edit.byline = .some(random.chance(25) ? nil : text(Self.people))
            case 2: edit.site = .some(random.chance(25) ? nil : text(Self.sites))
            case 3: edit.content = text(Self.contents)
            case 4: edit.state = random.chance(50) ? .unread : .archived
            case 5: edit.starred = random.chance(50)
            case 6: edit.progress = Double(random.below(5)) / 4
            case 7: edit.url = .some(random.chance(25) ? nil : text(Self.urls))
            case 8: edit.publishedAt = .some(random.chance(25) ? nil : Date(timeIntervalSince1970: Double(1_600_000_000 + random.below(5) * 86_400)))
            case 9: edit.contentStatus = random.chance(50) ? .ready : .pending
            default: edit.title = text(Self.titles)
            }
        }
        return edit
    }
}
