import Foundation
import Testing

@testable import Models

/// An article read member by member (`Article(members:)`) is what `JSONDecoder` reads from
/// the same members joined into one object; whatever the decoder refuses, the member reader
/// refuses too (and leaves to the decoder, which says why).
@Suite struct ArticleMembersTests {
    static func randomArticle(_ random: inout SplitMix64) -> Article {
        let words = ["Floods", "é", "\"quoted\"", "back\\slash", "line\nbreak", "tab\t", "😀", "字", "/path", "\u{01}"]
        func text(_ count: Int) -> String { (0..<count).map { _ in random.pick(words) ?? "" }.joined(separator: " ") }
        func date() -> Date { Date(timeIntervalSince1970: Double(1_600_000_000_000 + random.below(100_000_000_000)) / 1000) }
        var article = Article(
            url: random.below(3) == 0 ? nil : "https://example.org/\(random.below(1000))", title: text(1 + random.below(5)),
            byline: random.below(2) == 0 ? nil : text(2), site: random.below(2) == 0 ? nil : "example.org",
            publishedAt: random.below(2) == 0 ? nil : date(), savedAt: date(), content: text(random.below(40)),
            tags: (0..<random.below(4)).map { _ in random.pick(["news", "later", "é-t"]) ?? "" },
            state: random.pick(Article.State.allCases) ?? .unread, starred: random.below(2) == 0,
            progress: random.pick([0, 0.25, 0.5, 1, 0.333, Double(random.below(1000)) / 1000]) ?? 0,
            contentStatus: random.pick(Article.ContentStatus.allCases) ?? .ready, trashedAt: random.below(3) == 0 ? date() : nil)
        article.updatedAt = date()
        return article
    }

    @Test func membersReadAsTheDecoderReadsThem() throws {
        var random = SplitMix64(seed: 55)
        let replacements = [
            "null", "1", "0", "-0", "01", "1.0", "1.5e3", "-2", "\"x\"", "\"\"", "true", "false", "[1]", "[]", " [ \"a\" , \"b\" ] ",
            "[\"a\",1]", "\"shelved\"", "\"2026-12-06T10:00:00.000Z\"", "\"2026-12-06\"", "{}", "\"\\ud83d\"", "99999999999999999999",
        ]
        var read = 0
        for _ in 0..<800 {
            let article = Self.randomArticle(&random)
            var members = try #require(JSONText.members(try FolioJSON.string(article)))
            #expect(Article(members: members) == article, "an article as Folio writes it reads member by member")
            for _ in 0..<(1 + random.below(3)) {
                let key = random.pick(Array(members.keys).sorted() + ["extra"]) ?? "title"
                members[key] = random.below(5) == 0 ? nil : random.pick(replacements)
            }
            let decoded = try? FolioJSON.decoder().decode(Article.self, from: Data(JSONText.object(members).utf8))
            let fast = Article(members: members)
            if let fast {
                read += 1
                #expect(fast == decoded, "\(members)")
            }
            if decoded == nil { #expect(fast == nil, "\(members)") }
        }
        #expect(read > 50, "some changed members still read member by member")
    }
}
