import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

@Suite struct SearchQueryParsingTests {
    @Test func wordsPhrasesPrefixesExclusionsAndOr() throws {
        let query = try SearchQuery.parse(#"putin "peace deal" ukrain* -trump kyiv OR kiev"#)
        #expect(query.ftsExpression == #"("putin" AND "peace deal" AND "ukrain" * AND ("kyiv" OR "kiev")) NOT ("trump")"#)
    }

    @Test func qualifiersBecomeFiltersNotWords() throws {
        let query = try SearchQuery.parse("talks tag:Politics site:apnews.com in:notes is:starred before:2025-03-01 after:2025-01-01 title:helsinki")
        #expect(query.tags == ["politics"])
        #expect(query.sites == ["apnews.com"])
        #expect(query.scope == .notes)
        #expect(query.starredOnly)
        #expect(query.before == ISODate.parse("2025-03-01"))
        #expect(query.after == ISODate.parse("2025-01-01"))
        #expect(query.ftsExpression == #"("talks" AND title : "helsinki" AND tags : "politics")"#)
    }

    @Test func userQuotesAndOperatorsCannotEscapeTheString() throws {
        let query = try SearchQuery.parse(#"NEAR(a b) col:x AND ^start"#)
        // Every piece is a quoted FTS5 string; "NEAR", "AND" and ^ have no power.
        #expect(query.ftsExpression == #"("NEAR a" AND "b" AND "col x" AND "AND" AND "start")"#)
    }

    @Test(arguments: [
        ("", SearchQueryError.empty),
        ("   ", .empty),
        ("-trump", .onlyExclusions),
        ("OR cats", .danglingOr),
        ("cats OR", .danglingOr),
        ("is:maybe cats", .badValue(key: "is", value: "maybe", expected: "unread, archived or starred")),
        ("before:yesterday x", .badValue(key: "before", value: "yesterday", expected: "a date as YYYY-MM-DD")),
        ("in:everything x", .badValue(key: "in", value: "everything", expected: "notes or articles")),
        ("tag: x", .missingValue("tag")),
    ])
    func unsearchableInputGivesAClearError(input: String, expected: SearchQueryError) {
        #expect(throws: expected) { try SearchQuery.parse(input) }
    }

    @Test func quotesInATermAreDoubled() {
        #expect(SearchQuery.ftsString(#"say "hi" ""#) == #""say ""hi"" """"#)
        #expect(SearchQuery.ftsString("") == #""""#)
        #expect(SearchQuery.fts(SearchQuery.Term(text: #"a"b"#, isPrefix: true, titleOnly: true)) == #"title : "a""b" *"#)
    }

    @Test func unclosedQuoteRunsToTheEnd() throws {
        #expect(try SearchQuery.parse(#"a "b c"#).ftsExpression == #"("a" AND "b c")"#)
    }
}

@Suite struct SearchTests {
    /// A small library with known text.
    static func library() throws -> (TemporaryStore, [String: Article]) {
        let temporary = try TemporaryStore()
        let articles = [
            makeArticle(
                "Helsinki summit", content: "Leaders met in Finland.", url: "https://apnews.com/a", tags: ["politics"], published: "2018-07-16"),
            makeArticle("Weather report", content: "Rain over Helsinki and the coast.", url: "https://www.bbc.co.uk/w", published: "2025-01-10"),
            makeArticle("Coffee culture", content: "The café served strong coffee. Talks about talking.", tags: ["food"], published: "2024-06-01"),
            makeArticle("Peace talks", content: "A peace deal was discussed; no deal peace was signed.", tags: ["politics"], published: "2025-02-08"),
        ]
        // Unrelated articles, so that the test words are rare, as in a real library (BM25's
        // inverse document frequency is meaningless when a word is in most documents).
        let filler = (0..<40).map { index in
            makeArticle("Filler \(index)", content: "Markets moved on quarterly earnings number \(index).", published: "2020-01-01")
        }
        _ = try temporary.store.addBatch(filler)
        var byTitle: [String: Article] = [:]
        for article in articles {
            try temporary.store.add(article)
            byTitle[article.title] = article
        }
        return (temporary, byTitle)
    }

    func titles(_ hits: [SearchHit]) -> [String] { hits.map { $0.title ?? "-" } }

    @Test func titleMatchesRankAboveBodyMatches() throws {
        let (temporary, _) = try Self.library()
        let hits = try temporary.store.search(try SearchQuery.parse("helsinki"))
        #expect(titles(hits) == ["Helsinki summit", "Weather report"])
        #expect(hits[0].score < hits[1].score)
    }

    /// Documents of the same length with the word once, each in another column: the column
    /// weights alone decide the order (title, then tags, then notes, then body).
    @Test func columnWeightsRankTitleThenTagsThenNotesThenBody() throws {
        let (temporary, _) = try Self.library()
        let inTitle = makeArticle("Zanzibar alpha", content: "one two three four five six seven eight")
        let inTags = makeArticle("Beta gamma", content: "one two three four five six seven", tags: ["zanzibar"])
        let inBody = makeArticle("Delta epsilon", content: "zanzibar one two three four five six seven")
        for article in [inBody, inTags, inTitle] { try temporary.store.add(article) }
        let note = Note(articleID: inBody.id, body: "zanzibar one two three four five six seven eight nine")
        try temporary.store.add(note)
        let hits = try temporary.store.search(try SearchQuery.parse("zanzibar"))
        #expect(hits.map(\.id) == [inTitle.id, inTags.id, note.id, inBody.id])
        #expect(hits.map(\.kind) == [.article, .article, .note, .article])
        #expect(hits[2].articleID == inBody.id)
        #expect(hits[2].title == "Delta epsilon")
    }

    @Test func stemmingAndDiacriticsMatch() throws {
        let (temporary, _) = try Self.library()
        #expect(titles(try temporary.store.search(try SearchQuery.parse("cafe"))) == ["Coffee culture"])
        #expect(Set(titles(try temporary.store.search(try SearchQuery.parse("talk")))) == ["Coffee culture", "Peace talks"])
    }

    @Test func phrasesPrefixesExclusionsAndOrSelectTheRightArticles() throws {
        let (temporary, _) = try Self.library()
        #expect(titles(try temporary.store.search(try SearchQuery.parse(#""peace deal""#))) == ["Peace talks"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse(#""deal was signed""#))).isEmpty)
        #expect(titles(try temporary.store.search(try SearchQuery.parse("hels*"))).count == 2)
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki -rain"))) == ["Helsinki summit"])
        #expect(Set(titles(try temporary.store.search(try SearchQuery.parse("coffee OR rain")))) == ["Coffee culture", "Weather report"])
    }

    @Test func prefixesFindWordsWhoseStemIsShorterThanThePrefix() throws {
        let (temporary, _) = try Self.library()
        let article = makeArticle("Diplomacy", content: "They were negotiating all night; organizers agreed.")
        try temporary.store.add(article)
        #expect(try temporary.store.search(try SearchQuery.parse("negotiat*")).map(\.id) == [article.id])
        #expect(try temporary.store.search(try SearchQuery.parse("organiz*")).map(\.id) == [article.id])
        #expect(try temporary.store.search(try SearchQuery.parse("zebra*")).isEmpty)
    }

    @Test func tagsMatchTheItemsOwnTagsExactly() throws {
        let (temporary, articles) = try Self.library()
        let summit = try #require(articles["Helsinki summit"])
        let taggedNote = Note(articleID: summit.id, body: "helsinki again", tags: ["politics"])
        try temporary.store.add(taggedNote)
        try temporary.store.add(Note(articleID: summit.id, body: "helsinki untagged"))
        let other = makeArticle("Helsinki politics-free", content: "helsinki", tags: ["politics-free"])
        try temporary.store.add(other)
        #expect(
            Set(try temporary.store.search(try SearchQuery.parse("helsinki tag:politics")).map(\.id)) == [summit.id, taggedNote.id])
        #expect(try temporary.store.search(try SearchQuery.parse("helsinki tag:politics-free")).map(\.id) == [other.id])
        // Snippets highlight the words searched for, not the tag.
        for hit in try temporary.store.search(try SearchQuery.parse("helsinki tag:politics")) {
            let (text, matches) = hit.snippetRanges
            #expect(matches.map { String(Array(text)[$0]).lowercased() } == ["helsinki"], "snippet \(hit.snippet)")
        }
    }

    @Test func qualifiersFilterResults() throws {
        let (temporary, articles) = try Self.library()
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki tag:politics"))) == ["Helsinki summit"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki site:bbc.co.uk"))) == ["Weather report"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki before:2020-01-01"))) == ["Helsinki summit"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki after:2020-01-01"))) == ["Weather report"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("title:helsinki"))) == ["Helsinki summit"])
        var edit = ArticleEdit()
        edit.starred = true
        edit.state = .archived
        try temporary.store.edit(articleID: try #require(articles["Weather report"]).id, edit)
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki is:starred"))) == ["Weather report"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki is:unread"))) == ["Helsinki summit"])
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki in:notes"))).isEmpty)
        // Qualifiers alone list matching items, newest first.
        #expect(titles(try temporary.store.search(try SearchQuery.parse("tag:politics"))) == ["Peace talks", "Helsinki summit"])
        #expect(try temporary.store.search(try SearchQuery.parse("site:apnews.com")).map(\.id) == [try #require(articles["Helsinki summit"]).id])
    }

    @Test func trashedItemsAndNotesOfTrashedArticlesAreLeftOut() throws {
        let (temporary, articles) = try Self.library()
        let summit = try #require(articles["Helsinki summit"])
        try temporary.store.add(Note(articleID: summit.id, body: "helsinki notes"))
        try temporary.store.trash(articleID: summit.id)
        #expect(titles(try temporary.store.search(try SearchQuery.parse("helsinki"))) == ["Weather report"])
        try temporary.store.restore(articleID: summit.id)
        #expect(try temporary.store.search(try SearchQuery.parse("helsinki")).count == 3)
    }

    @Test func aTrashedNoteStaysOutWhenItsArticleComesBackAndEditsInTheTrashStayHidden() throws {
        let (temporary, articles) = try Self.library()
        let summit = try #require(articles["Helsinki summit"])
        let kept = Note(articleID: summit.id, body: "zephyr kept")
        let binned = Note(articleID: summit.id, body: "zephyr binned")
        try temporary.store.add(kept)
        try temporary.store.add(binned)
        try temporary.store.trash(noteID: binned.id)
        try temporary.store.trash(articleID: summit.id)
        var edit = ArticleEdit()
        edit.title = "Zephyr summit"
        try temporary.store.edit(articleID: summit.id, edit)
        #expect(try temporary.store.search(try SearchQuery.parse("zephyr")).isEmpty)
        try temporary.store.restore(articleID: summit.id)
        #expect(Set(try temporary.store.search(try SearchQuery.parse("zephyr")).map(\.id)) == [summit.id, kept.id])
    }

    @Test func editsAreSearchableAndPurgedItemsAreNot() throws {
        let (temporary, articles) = try Self.library()
        let coffee = try #require(articles["Coffee culture"])
        var edit = ArticleEdit()
        edit.title = "Espresso culture"
        try temporary.store.edit(articleID: coffee.id, edit)
        #expect(titles(try temporary.store.search(try SearchQuery.parse("espresso"))) == ["Espresso culture"])
        try temporary.store.purge(articleID: coffee.id)
        #expect(try temporary.store.search(try SearchQuery.parse("espresso")).isEmpty)
    }

    @Test func snippetsMarkTheMatches() throws {
        let (temporary, _) = try Self.library()
        let hit = try #require(try temporary.store.search(try SearchQuery.parse("rain")).first)
        let (text, matches) = hit.snippetRanges
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        let characters = Array(text)
        #expect(String(characters[match]) == "Rain")
    }

    /// Any input at all is either a clean parse error or a search that runs.
    @Test func randomInputNeverReachesFTS5AsASyntaxError() throws {
        let (temporary, _) = try Self.library()
        var generator = SplitMix64(seed: 42)
        let pieces = [
            "a", "helsinki", "\"", "*", "-", ":", "OR", "AND", "NOT", "(", ")", "tag:", "is:", "title:", "^", "{", "}", "+", " ", "  ", "é", "\\",
            "'", "NEAR", "in:notes", "before:", "x:y", "0", "-\"", "**", "OR OR",
        ]
        for _ in 0..<2000 {
            let count = Int(generator.next() % 8) + 1
            let input = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined(
                separator: generator.next() % 2 == 0 ? " " : "")
            let query: SearchQuery
            do {
                query = try SearchQuery.parse(input)
            } catch {
                continue
            }
            do {
                _ = try temporary.store.search(query)
            } catch {
                Issue.record("input \(input) gave \(error) (expression \(query.ftsExpression ?? "none"))")
            }
        }
    }
}
