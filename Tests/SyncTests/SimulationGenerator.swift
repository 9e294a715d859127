import Foundation
import Models
import Storage

/// Draws the steps of a simulated history from a seed, looking at what each device holds so
/// that most operations make sense (an edit names an article the device has).
struct SimulationGenerator {
    private var random: SplitMix64
    private var articleCount = 0
    private var noteCount = 0

    init(seed: UInt64) {
        random = SplitMix64(seed: seed, salt: 0x5157, index: 0)
    }

    /// The shape of a scenario: devices, steps, the start of time and each device's clock skew.
    struct Shape {
        var devices: Int
        var steps: Int
        var deviceIDs: [String]
        var startMillis: Int64
        var skews: [Int64]
        var epoch: String
    }

    mutating func shape() -> Shape {
        let devices = random.between(2...5)
        let steps = random.between(6...36)
        let start = Int64(1_750_000_000_000) + Int64(random.below(1_000_000))
        let date = Date(timeIntervalSince1970: Double(start) / 1000)
        let ids = (0..<devices).map { _ in EntityID.make(at: date, using: &random) }
        let skews = (0..<devices).map { _ in random.chance(50) ? 0 : Int64(random.between(-40...40)) }
        return Shape(devices: devices, steps: steps, deviceIDs: ids, startMillis: start, skews: skews, epoch: EntityID.make(at: date, using: &random))
    }

    /// The next step, given what every device holds now.
    mutating func step(
        devices: Int, libraries: (Int) throws -> (articles: [Article], notes: [Note]), now: (Int) -> Date
    ) rethrows -> SimulationStep {
        let advance = Int64(random.chance(40) ? 0 : random.between(1...5))
        let roll = random.below(100)
        let device = random.below(devices)
        let action: SimulationStep.Action
        switch roll {
        case 0..<58:
            let library = try libraries(device)
            action = .work(device: device, operation(articles: library.articles, notes: library.notes, now: now(device)))
        case 58..<84:
            action = .sync(device: device, pushBatch: random.between(1...6), page: random.between(1...5), faults: faults())
        case 84..<89: action = .deliverHeld(random.below(4))
        case 89..<93: action = .crash(device: device)
        case 93..<96: action = .restartServer
        case 96..<99: action = .clockJump(device: device, millis: random.chance(60) ? -Int64(random.between(1...200)) : Int64(random.between(1...50)))
        default:
            action = .resetServer(epoch: EntityID.make(at: now(device), using: &random))
        }
        return SimulationStep(advance: advance, action: action)
    }

    private mutating func faults() -> [Fault] {
        (0..<random.between(0...3)).map { _ in
            switch random.below(100) {
            case 0..<36: .deliver
            case 36..<50: .dropRequest
            case 50..<64: .dropResponse
            case 64..<76: .duplicate
            case 76..<90: .delay
            case 90..<95: .crashBefore
            default: .crashAfter
            }
        }
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

    private mutating func text(_ pool: [String]) -> String {
        random.pick(pool) ?? ""
    }

    private mutating func someTags() -> [String] {
        Self.tags.filter { _ in random.chance(30) }
    }

    private mutating func operation(articles: [Article], notes: [Note], now: Date) -> SimulatedOperation {
        guard let article = random.pick(articles), !random.chance(12) else {
            articleCount += 1
            return .addArticle(
                Article(
                    id: makeID(kind: "a", number: articleCount, now: now), url: random.chance(40) ? text(Self.urls) : nil,
                    title: text(Self.titles), byline: random.chance(50) ? text(Self.people) : nil, savedAt: now,
                    content: text(Self.contents), tags: someTags(), state: random.chance(80) ? .unread : .archived,
                    starred: random.chance(20), progress: Double(random.below(3)) / 2))
        }
        let note = random.pick(notes)
        switch random.below(100) {
        case 0..<34:
            return .editArticle(id: article.id, articleEdit())
        case 34..<44:
            var edit = ArticleEdit()
            if random.chance(50) { edit.addTags = [text(Self.tags)] } else { edit.removeTags = [random.pick(article.tags) ?? text(Self.tags)] }
            return .editArticle(id: article.id, edit)
        case 44..<58:
            noteCount += 1
            let onArticle = random.chance(85)
            let words = article.content.split(separator: " ").map(String.init)
            return .addNote(
                Note(
                    id: makeID(kind: "b", number: noteCount, now: now), articleID: onArticle ? article.id : nil,
                    quote: onArticle && random.chance(30) ? random.pick(words) : nil, body: "note \(noteCount)", tags: someTags(),
                    createdAt: now))
        case 58..<72:
            guard let note else { return .editArticle(id: article.id, articleEdit()) }
            var edit = NoteEdit()
            switch random.below(4) {
            case 0: edit.addTags = [text(Self.tags)]
            case 1: edit.removeTags = [random.pick(note.tags) ?? text(Self.tags)]
            default: edit.body = "body \(random.below(6))"
            }
            return .editNote(id: note.id, edit)
        case 72..<88:
            if let note, random.chance(40) { return note.isTrashed ? .restore(.note(note.id)) : .trash(.note(note.id)) }
            return article.isTrashed ? .restore(.article(article.id)) : .trash(.article(article.id))
        case 88..<97:
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
