import ArgumentParser
import Models
import Testing

@testable import CLI

/// `folio search` read without the argument parser (`SearchRequest.init?(commandLine:)`) must
/// mean exactly what the argument parser reads, or hand the command line back to it.
@Suite struct SearchRequestTests {
    /// The argument parser's reading of a command line, as a request; nil when it refuses it or
    /// reads another command (help, for one).
    static func parsed(_ arguments: [String]) -> SearchRequest? {
        (try? Folio.parseAsRoot(arguments) as? Search)?.request
    }

    @Test func commonSearchesSkipTheParserAndMeanTheSame() throws {
        let lines: [[String]] = [
            ["search", "market"],
            ["search", "putin", "helsinki"],
            ["search", "\"peace deal\" -trump after:2025-01-01"],
            ["search", "ukrain* tag:politics", "--json"],
            ["search", "market", "--limit", "5"],
            ["search", "market", "--limit=5", "--ids"],
            ["search", "-n", "3", "market", "-j"],
            ["search", "-n3", "market", "-q"],
            ["search", "market", "-trump", "-nato", "--notes"],
            ["search", "--articles", "market", "--json", "--limit", "2"],
            ["search", "日本語", "-ロシア"],
        ]
        for line in lines {
            let fast = try #require(SearchRequest(commandLine: line), "\(line) is read without the parser")
            #expect(fast == Self.parsed(line), "\(line)")
        }
        let request = try #require(SearchRequest(commandLine: ["search", "a", "--limit", "7", "--json", "-b"]))
        #expect(request == SearchRequest(words: ["a", "-b"], limit: 7, json: true))
    }

    @Test func everythingElseGoesToTheParser() {
        let lines: [[String]] = [
            [], ["list"], ["--version"], ["search"], ["search", "--help"], ["search", "-h"], ["search", "-hamas"],
            ["search", "a", "--limit", "0"], ["search", "a", "--limit"], ["search", "a", "--limit", "x"],
            ["search", "a", "--limt", "3"], ["search", "a", "--json", "--json"], ["search", "a", "--notes", "--articles"],
            ["search", "a", "-n", "0"], ["search", "--", "-a"], ["search", "a", "--generate-completion-script", "bash"],
            ["search", "a", "-"], ["search", "a", "--json=yes"], ["search", "a", "-x=1"],
        ]
        for line in lines {
            #expect(SearchRequest(commandLine: line) == nil, "\(line)")
        }
    }

    /// Every command line made of one or two of these pieces, and a seeded sample of longer
    /// ones: where the fast reading answers, the argument parser reads the same request.
    @Test func theFastReadingNeverDisagreesWithTheParser() {
        let pieces = [
            "market", "tag:a", "-trump", "-h", "-hx", "-n", "-n2", "-n0", "2", "0", "-1", "-j", "-q", "--json", "--ids",
            "--notes", "--articles", "--limit", "--limit=3", "--limit=0", "--", "-", "--help", "-x=y", "a b", "\"p q\"",
        ]
        var lines: [[String]] = pieces.map { [$0] }
        lines += lines.flatMap { line in pieces.map { line + [$0] } }
        var generator = SplitMix64(seed: 20_261_207)
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 5) + 3
            lines.append((0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] })
        }
        var fast = 0
        for line in lines {
            let arguments = ["search"] + line
            guard let request = SearchRequest(commandLine: arguments) else { continue }
            fast += 1
            #expect(request == Self.parsed(arguments), "\(arguments)")
        }
        #expect(fast > lines.count / 10, "the fast reading answers a good part of these (\(fast) of \(lines.count))")
    }

    @Test func oneLineJoinsLinesAndSpacesAndKeepsEverythingElse() {
        #expect(DisplayWidth.oneLine("  a\n\tb  c\u{2028}d\r\ne\u{85}f\u{0B}g  ") == "a b c d e f g")
        #expect(DisplayWidth.oneLine("café  日本\n\n語 😀") == "café 日本 語 😀")
        #expect(DisplayWidth.oneLine(" \n ") == "")
    }

    @Test func marksAreSwappedWholeAndNothingElseChanges() {
        let marked = "Ein \u{1}Markt\u{2} für 日本 \u{1}x\u{2}"
        #expect(
            SearchRequest.swapping(marked, [("\u{1}", "\u{E000}"), ("\u{2}", "\u{E001}")]) == "Ein \u{E000}Markt\u{E001} für 日本 \u{E000}x\u{E001}")
        #expect(SearchRequest.swapping("\u{E000}a\u{E001}é", [("\u{E000}", "["), ("\u{E001}", "]")]) == "[a]é")
        #expect(SearchRequest.swapping("\u{E002}", [("\u{E000}", "[")]) == "\u{E002}", "a scalar sharing the first bytes stays")
    }
}
