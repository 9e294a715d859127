import Foundation
import Testing

@testable import Models

@Suite struct EntityIDTests {
    @Test func idsAreVersion7AndSortByCreationTime() {
        let early = EntityID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = EntityID.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(EntityID.isValid(early))
        #expect(Array(early)[14] == "7")
        #expect("89ab".contains(Array(early)[19]))
        #expect(early < late)
    }

    @Test func typedPrefixesAreCanonicalized() {
        #expect(EntityID.canonicalPrefix("0193A4B27C1D") == "0193a4b2-7c1d")
        #expect(EntityID.canonicalPrefix("0193a4b2-7c") == "0193a4b2-7c")
        #expect(EntityID.canonicalPrefix("xyz") == nil)
        #expect(EntityID.canonicalPrefix("") == nil)
    }

    @Test func uniquePrefixGrowsPastTheLongestSharedRun() {
        let id = "0193a4b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b"
        let neighbour = "0193a4b2-7c1e-7000-8000-000000000000"
        #expect(EntityID.uniquePrefixLength(of: id, neighbours: [neighbour]) == 12)
        #expect(EntityID.uniquePrefixLength(of: id, neighbours: []) == 8)
        #expect(EntityID.prefix(of: id, hexDigits: 12) == "0193a4b2-7c1d")
    }

    @Test func aUniqueTailGrowsPastTheLongestSharedRunAndTheMinimum() {
        #expect(EntityID.uniqueTailLength(of: "0c1d2e3f4a5b", neighbours: ["0c1d2e000000", "0c1f00000000"], minimum: 4) == 7)
        #expect(EntityID.uniqueTailLength(of: "0c1d2e3f4a5b", neighbours: ["ffff00000000"], minimum: 4) == 4)
        #expect(EntityID.uniqueTailLength(of: "0c1d2e3f4a5b", neighbours: [], minimum: 5) == 5)
        #expect(EntityID.uniqueTailLength(of: "0c1d", neighbours: [], minimum: 6) == 4)
        #expect(EntityID.uniqueTailLength(of: "0c1d2e3f4a5b", neighbours: ["0c1d2e3f4a5b"], minimum: 4) == nil)
        // Text that is not ASCII is measured in characters, as before.
        #expect(EntityID.uniqueTailLength(of: "é0c1d", neighbours: ["é0c2a"], minimum: 2) == 4)
    }
}

@Suite struct HybridLogicalClockTests {
    @Test func clockNeverGoesBackwardsWhenTheWallClockDoes() {
        var clock = HybridLogicalClock(deviceID: "a")
        let first = clock.tick(now: Date(timeIntervalSince1970: 100))
        let second = clock.tick(now: Date(timeIntervalSince1970: 50))
        let third = clock.tick(now: Date(timeIntervalSince1970: 50))
        #expect(first < second)
        #expect(second < third)
    }

    @Test func observingARemoteTimestampMovesPastIt() {
        var clock = HybridLogicalClock(deviceID: "a")
        _ = clock.tick(now: Date(timeIntervalSince1970: 10))
        let remote = HLCTimestamp(wallMillis: 99_000, counter: 7, deviceID: "b")
        clock.observe(remote, now: Date(timeIntervalSince1970: 10))
        let next = clock.tick(now: Date(timeIntervalSince1970: 10))
        #expect(next > remote)
    }

    /// A change from a buggy or hostile device can carry any counter and wall time; the clock
    /// moves past them without trapping (it crashed `folio sync` with SIGILL).
    @Test(arguments: [
        HLCTimestamp(wallMillis: 99_000, counter: Int.max, deviceID: "b"),
        HLCTimestamp(wallMillis: Int64.max - 1, counter: Int.max, deviceID: "b"),
        HLCTimestamp(wallMillis: Int64.max, counter: Int.max - 1, deviceID: "b"),
    ])
    func observingTheLargestCountersMovesPastThemWithoutTrapping(remote: HLCTimestamp) {
        var clock = HybridLogicalClock(deviceID: "a")
        clock.observe(remote, now: Date(timeIntervalSince1970: 10))
        #expect(clock.last > remote)
        #expect(clock.last.wallMillis >= remote.wallMillis)
        let next = clock.tick(now: Date(timeIntervalSince1970: 10))
        #expect(next > remote)
        // Observing its own latest time again still moves the clock forward.
        var same = HybridLogicalClock(deviceID: "b", last: remote)
        same.observe(remote, now: Date(timeIntervalSince1970: 10))
        #expect(same.last > remote)
    }

    @Test func theClockStopsAtTheLastTimestampInsteadOfTrapping() {
        let end = HLCTimestamp(wallMillis: Int64.max, counter: Int.max, deviceID: "b")
        var clock = HybridLogicalClock(deviceID: "a", last: end)
        clock.observe(end, now: Date(timeIntervalSince1970: 10))
        #expect(clock.last.wallMillis == Int64.max && clock.last.counter == Int.max)
        #expect(clock.tick(now: .distantFuture) >= clock.last)
        // Wall times no `Int64` holds are clamped, not converted with a trap.
        var fresh = HybridLogicalClock(deviceID: "a")
        #expect(fresh.tick(now: Date(timeIntervalSince1970: .infinity)).wallMillis == Int64.max)
        var early = HybridLogicalClock(deviceID: "a")
        early.observe(HLCTimestamp(wallMillis: 5, counter: Int.max, deviceID: "b"), now: Date(timeIntervalSince1970: -.infinity))
        #expect(early.last == HLCTimestamp(wallMillis: 6, counter: 0, deviceID: "a"))
    }

    @Test(arguments: [
        (HLCTimestamp(wallMillis: 5, counter: 0, deviceID: "z"), HLCTimestamp(wallMillis: 40, counter: 0, deviceID: "a")),
        (HLCTimestamp(wallMillis: 5, counter: 2, deviceID: "a"), HLCTimestamp(wallMillis: 5, counter: 10, deviceID: "a")),
        (HLCTimestamp(wallMillis: 5, counter: 2, deviceID: "a"), HLCTimestamp(wallMillis: 5, counter: 2, deviceID: "b")),
    ])
    func textFormSortsLikeTheTimestamps(smaller: HLCTimestamp, larger: HLCTimestamp) {
        #expect(smaller < larger)
        #expect(smaller.description < larger.description)
        #expect(HLCTimestamp(larger.description) == larger)
    }
}

@Suite struct URLNormalizerTests {
    @Test(arguments: [
        ("HTTPS://Example.COM:443/a/b?utm_source=x&id=3#top", "https://example.com/a/b?id=3"),
        ("http://example.com:80", "http://example.com/"),
        ("https://example.com/p?fbclid=abc&gclid=d", "https://example.com/p"),
        ("https://example.com:8443/p", "https://example.com:8443/p"),
    ])
    func normalizesSchemeHostPortFragmentAndTracking(input: String, expected: String) {
        #expect(URLNormalizer.normalize(input) == expected)
    }

    @Test func rejectsTextThatIsNotAWebURL() {
        #expect(!URLNormalizer.isWebURL("notes.txt"))
        #expect(!URLNormalizer.isWebURL("ftp://example.com/file"))
        #expect(URLNormalizer.isWebURL("https://example.com/x"))
        #expect(URLNormalizer.siteName("https://www.apnews.com/a") == "apnews.com")
    }
}

@Suite struct TextStatisticsTests {
    @Test func statisticsCountWordsAndReadingTime() {
        let text = "## Heading\n\n" + String(repeating: "alpha beta ", count: 230)
        let statistics = TextStatistics(markdown: text)
        #expect(statistics.wordCount == 461)
        #expect(statistics.readingMinutes == 3)
        #expect(statistics.excerpt.hasPrefix("alpha beta"))
    }

    /// The one-pass scan finds the paragraph Foundation's split finds, on random texts of
    /// blank lines, CR LF, headings, spaces, letters and combining marks.
    @Test func theFirstParagraphIsFoundationsSplitsFirst() {
        var random = SplitMix64(seed: 5)
        let pieces = ["\n", "\n", "\r", "\r\n", "#", " ", "\t", "a", "b", "é", "e\u{301}", "\u{301}", "## h", "\n\n"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let expected =
                text.components(separatedBy: "\n\n").lazy.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .first { !$0.isEmpty && !$0.hasPrefix("#") } ?? ""
            #expect(TextStatistics.firstParagraph(of: text) == expected, "\(text.debugDescription)")
        }
        // Long paragraphs: the excerpt joins only the start of one, and is the same.
        let words = ["\n", "\r\n", "\u{301}", " ", "\t", "a", "bc", "def", "é", "e\u{301}", "#", "ghij"]
        var long = 0
        for _ in 0..<1500 {
            let paragraph = (0..<Int.random(in: 150...700, using: &random)).map { _ in words.randomElement(using: &random) ?? "" }.joined()
            if paragraph.count > 2 * TextStatistics.excerptLength + 4 { long += 1 }
            let expected = TextStatistics.shorten(paragraph.replacingOccurrences(of: "\n", with: " "), to: TextStatistics.excerptLength)
            #expect(TextStatistics.excerpt(of: paragraph) == expected, "\(paragraph.debugDescription)")
        }
        #expect(long > 500, "not vacuous: most paragraphs are longer than what the excerpt joins")
        #expect(TextStatistics.firstParagraph(of: "# Title\n\n\n\nFirst\nline\n\nSecond") == "First\nline")
        #expect(TextStatistics(markdown: "# Title\n\nFirst\nline").excerpt == "First line")
    }
}

@Suite struct ISODateTests {
    @Test func parsesDaysAndTimestampsAndRejectsImpossibleDates() {
        #expect(ISODate.parse("2025-02-08").map(ISODate.formatDay) == "2025-02-08")
        #expect(ISODate.parse("2025-02-08T10:11:12Z") != nil)
        #expect(ISODate.parse("2025-02-30") == nil)
        #expect(ISODate.parse("yesterday") == nil)
        // Spaces and tabs around, ASCII or not, are trimmed.
        for padded in [" 2025-02-08T10:11:12Z", "2025-02-08T10:11:12Z\t", "\u{00A0}2025-02-08T10:11:12Z\u{2003}"] {
            #expect(ISODate.parse(padded) == ISODate.parse("2025-02-08T10:11:12Z"), "\(padded)")
        }
        let date = Date(timeIntervalSince1970: 1_738_980_000.125)
        #expect(ISODate.parse(ISODate.format(date)) == date)
    }
}
