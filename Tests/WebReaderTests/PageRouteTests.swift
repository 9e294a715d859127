import FolioTestSupport
import Foundation
import Models
import Storage
import Testing

@testable import WebReader

/// Every page and form of the reader, in process over a real store.
@Suite struct PageRouteTests {
    static let cafe = """
        Café owners brace for the winter season

        Across the old town, café owners are preparing for a winter that many expect to be the hardest in a decade.

        ## A season of hard choices

        Several owners said they would shorten opening hours and rely on *loyal neighbours* who come every morning.
        """

    @Test func theLibraryListsNewestFirstWithFiltersAndPaging() async throws {
        try await withReader { browser, store in
            let old = Article(title: "Older story", savedAt: Date(timeIntervalSince1970: 1_700_000_000), content: "old text", tags: ["news"])
            var starred = Article(title: "Starred story", savedAt: Date(timeIntervalSince1970: 1_700_000_100), content: "star text")
            starred.starred = true
            let pending = Article(
                url: "https://example.com/p", title: "https://example.com/p", savedAt: Date(timeIntervalSince1970: 1_700_000_200), content: "",
                contentStatus: .pending)
            for article in [old, starred, pending] { try store.add(article) }
            var page = try await browser.get("/")
            #expect(page.status == .ok)
            let html = page.html
            let positions = ["https://example.com/p", "Starred story", "Older story"].compactMap { html.range(of: $0)?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted(), "newest saved first")
            #expect(html.contains("#news"))
            #expect(html.contains(">pending<"))
            #expect(html.contains("Never synced · 3 changes not synced yet (folio sync)"))
            page = try await browser.get("/?filter=starred")
            #expect(page.html.contains("Starred story") && !page.html.contains("Older story"))
            page = try await browser.get("/?tag=news")
            #expect(page.html.contains("Older story") && !page.html.contains("Starred story"))
            page = try await browser.get("/?filter=pending")
            #expect(page.html.contains("example.com/p") && !page.html.contains("Older story"))

            try store.addBatch(
                (0..<60).map { Article(title: "Filler \($0)", savedAt: Date(timeIntervalSince1970: 1_600_000_000 + Double($0)), content: "x") })
            page = try await browser.get("/")
            #expect(page.html.contains("href=\"/?page=2\""))
            #expect(!page.html.contains("Filler 0<"))
            page = try await browser.get("/?page=2")
            #expect(page.html.contains("Filler 0<"))
            #expect(page.html.contains("href=\"/\" rel=\"prev\""))
        }
    }

    @Test func theReaderRendersTheArticleWithItsNotesAndState() async throws {
        try await withReader { browser, store in
            let article = Article(url: "https://example.com/cafe", title: "Café owners", content: Self.cafe, tags: ["food"])
            try store.add(article)
            try store.add(Note(articleID: article.id, quote: "rely on loyal neighbours", body: "Community matters"))
            try store.add(Note(articleID: article.id, body: "Plain thought"))
            let page = try await browser.get("/articles/\(article.id)")
            #expect(page.status == .ok)
            #expect(page.html.contains("<h2>A season of hard choices</h2>"))
            #expect(page.html.contains("<mark class=\"quote\" id=\"quote-"))
            #expect(page.html.contains("Community matters"))
            #expect(page.html.contains("Plain thought"))
            #expect(!page.html.contains("Quotes not found"))
            #expect(page.html.contains("action=\"/articles/\(article.id)/star\""))
            // A short id works in the address too.
            let short = try #require(try store.shortIDs([article.id])[article.id])
            #expect(try await browser.get("/articles/\(short)").status == .ok)
            #expect(try await browser.get("/articles/ffffffffffff").status == .notFound)
            #expect(try await browser.get("/articles/\(article.id)?size=large").html.contains("class=\"size-large\""))
        }
    }

    @Test func aQuoteNoLongerInTheTextIsListedUnderTheArticle() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Changing", content: "The first version of the text.")
            try store.add(article)
            try store.add(Note(articleID: article.id, quote: "first version", body: "kept"))
            var edit = ArticleEdit()
            edit.content = "A rewritten text."
            try store.edit(articleID: article.id, edit)
            let page = try await browser.get("/articles/\(article.id)")
            #expect(page.html.contains("Quotes not found in the text"))
            #expect(!page.html.contains("<mark"))
        }
    }

    @Test func theArticleFormsStarArchiveTagTrashAndRestore() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Actions", content: Self.cafe)
            try store.add(article)
            try await browser.get("/articles/\(article.id)")
            var page = try await browser.post("/articles/\(article.id)/star")
            #expect(page.status == .seeOther)
            #expect(page.location == "/articles/\(article.id)?done=star")
            #expect(try store.article(id: article.id).starred)
            try await browser.post("/articles/\(article.id)/archive")
            #expect(try store.article(id: article.id).state == .archived)
            try await browser.post("/articles/\(article.id)/tags", [("add", "Winter, #town")])
            #expect(try store.article(id: article.id).tags == ["town", "winter"])
            try await browser.post("/articles/\(article.id)/tags", [("remove", "town")])
            #expect(try store.article(id: article.id).tags == ["winter"])
            try await browser.post("/articles/\(article.id)/unstar")
            try await browser.post("/articles/\(article.id)/unarchive")
            #expect(try store.article(id: article.id).starred == false)
            #expect(try store.article(id: article.id).state == .unread)
            try await browser.post("/articles/\(article.id)/trash")
            #expect(try store.article(id: article.id).isTrashed)
            page = try await browser.get("/articles/\(article.id)?done=trash")
            #expect(page.html.contains("Moved to the trash."))
            #expect(page.html.contains("action=\"/articles/\(article.id)/restore\""))
            try await browser.post("/articles/\(article.id)/restore")
            #expect(try store.article(id: article.id).isTrashed == false)
        }
    }

    @Test func aHighlightMakesWhatNoteAddQuoteMakes() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Highlight", content: Self.cafe)
            try store.add(article)
            try await browser.get("/articles/\(article.id)")
            let page = try await browser.post(
                "/articles/\(article.id)/notes", [("quote", "  preparing for a winter\n"), ("body", "Hard times "), ("tags", "winter")])
            #expect(page.status == .seeOther)
            let notes = try store.notes(articleID: article.id)
            #expect(notes.count == 1)
            let note = try #require(notes.first)
            #expect(note.quote == "preparing for a winter")
            #expect(note.body == "Hard times")
            #expect(note.tags == ["winter"])
            #expect(page.location == "/articles/\(article.id)?done=note#note-\(note.id)")
            // A quote that is not in the article is refused, as `folio note add --quote` refuses it.
            let refused = try await browser.post("/articles/\(article.id)/notes", [("quote", "not in the text"), ("body", "x")])
            #expect(refused.status == .badRequest)
            #expect(refused.html.contains("does not occur"))
            #expect(try store.notes(articleID: article.id).count == 1)
            let empty = try await browser.post("/articles/\(article.id)/notes", [("quote", ""), ("body", " ")])
            #expect(empty.status == .badRequest)
        }
    }

    /// A passage selected across two list items (the selection has no bullets) is saved and
    /// marked in both items.
    @Test func aHighlightAcrossTwoListItemsIsSavedAndMarked() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Lists", content: "What to pack:\n\n- a warm coat for the evenings\n- two pairs of boots\n\nThat is all.")
            try store.add(article)
            try await browser.get("/articles/\(article.id)")
            let page = try await browser.post("/articles/\(article.id)/notes", [("quote", "for the evenings\ntwo pairs"), ("body", "")])
            #expect(page.status == .seeOther)
            let note = try #require(try store.notes(articleID: article.id).first)
            #expect(note.quote == "for the evenings\ntwo pairs")
            let shown = try await browser.get("/articles/\(article.id)")
            #expect(shown.html.contains("a warm coat <mark class=\"quote\" id=\"quote-\(note.id)\" data-note=\"\(note.id)\">for the evenings</mark>"))
            #expect(shown.html.contains("<mark class=\"quote\" data-note=\"\(note.id)\">two pairs</mark> of boots"))
        }
    }

    @Test func theReadingPositionOnlyMovesForward() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Progress", content: Self.cafe)
            try store.add(article)
            try await browser.get("/articles/\(article.id)")
            let token = try #require(browser.csrf)
            var page = try await browser.post(
                "/articles/\(article.id)/progress", [("progress", "0.4")], token: .some(nil), headers: [.init("X-CSRF-Token")!: token])
            #expect(page.status == .noContent)
            #expect(try store.article(id: article.id).progress == 0.4)
            try await browser.post("/articles/\(article.id)/progress", [("progress", "0.2")])
            #expect(try store.article(id: article.id).progress == 0.4)
            page = try await browser.post("/articles/\(article.id)/progress", [("progress", "2")])
            #expect(page.status == .badRequest)
        }
    }

    @Test func searchFindsArticlesAndNotesWithMarkedSnippets() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Café owners", content: Self.cafe, tags: ["food"])
            try store.add(article)
            try store.add(Note(articleID: article.id, quote: "loyal neighbours", body: "Neighbours keep the cafés alive"))
            try store.add(Note(body: "A standalone thought about neighbours"))
            var page = try await browser.get("/search?q=neighbours")
            #expect(page.status == .ok)
            #expect(page.html.contains("href=\"/articles/\(article.id)\""))
            #expect(page.html.contains("#note-"))
            #expect(page.html.contains("(standalone note)"))
            #expect(page.html.contains("<mark>neighbours</mark>") || page.html.contains("<mark>Neighbours</mark>"))
            #expect(page.html.contains("3 results"))
            page = try await browser.get("/search?q=neighbours&in=articles")
            #expect(page.html.contains("1 result"))
            // A form sends spaces as +.
            page = try await browser.get("/search?q=tag%3Afood+winter")
            #expect(page.html.contains("1 result"))
            #expect(page.html.contains("value=\"tag:food winter\""))
            // 20 results first, as `folio search` shows, then more on demand.
            try store.addBatch((0..<25).map { Article(title: "Neighbours \($0)", content: "neighbours again") })
            page = try await browser.get("/search?q=neighbours")
            #expect(page.html.contains("The best 20 results"))
            #expect(page.html.contains("href=\"/search?q=neighbours&amp;in=all&amp;n=40\""))
            page = try await browser.get("/search?q=neighbours&in=all&n=40")
            #expect(page.html.contains("28 results"))
            #expect(!page.html.contains("More results"))
            page = try await browser.get("/search?q=-only")
            #expect(page.status == .badRequest)
            #expect(page.html.contains("Cannot search"))
        }
    }

    @Test func theNotesPageListsAndAddsStandaloneNotes() async throws {
        try await withReader { browser, store in
            let article = Article(title: "With a note", content: Self.cafe)
            try store.add(article)
            try store.add(Note(articleID: article.id, body: "On the article"))
            try await browser.get("/notes")
            let page = try await browser.post("/notes", [("body", "Ideas for the essay"), ("tags", "essay")])
            #expect(page.status == .seeOther)
            let standalone = try store.notes().filter { $0.articleID == nil }
            #expect(standalone.map(\.body) == ["Ideas for the essay"])
            #expect(standalone.first?.tags == ["essay"])
            let all = try await browser.get("/notes")
            #expect(all.html.contains("On the article") && all.html.contains("Ideas for the essay"))
            #expect(all.html.contains("On <a href=\"/articles/\(article.id)#note-"))
            let only = try await browser.get("/notes?show=standalone")
            #expect(!only.html.contains("On the article") && only.html.contains("Ideas for the essay"))
        }
    }

    @Test func aConflictShowsBothSidesAndKeepsTheChosenOne() async throws {
        try await withReader { browser, store in
            // Another device with the same note; both edit the same line before they sync.
            let other = try TemporaryStore()
            func exchange() throws {
                let all = try store.unsyncedChanges(limit: 1_000_000) + other.store.unsyncedChanges(limit: 1_000_000)
                _ = try store.applyRemote(all)
                _ = try other.store.applyRemote(all)
            }
            let article = Article(title: "Shared", content: "Some text.")
            try store.add(article)
            let note = Note(articleID: article.id, body: "Line one\nShared line\nLine three")
            try store.add(note)
            try exchange()
            for (device, side) in [(store, "here"), (other.store, "there")] {
                var edit = NoteEdit()
                edit.body = "Line one\nShared line, \(side)\nLine three"
                try device.edit(noteID: note.id, edit)
            }
            try exchange()
            let conflicted = try store.note(id: note.id)
            try #require(conflicted.hasConflict)
            let page = try await browser.get("/notes?show=conflicts")
            #expect(page.html.contains("Shared line, here") && page.html.contains("Shared line, there"))
            #expect(page.html.contains("action=\"/notes/\(note.id)/resolve\""))
            #expect(page.html.contains("Keep [2]"))
            let other2 = try #require(conflicted.conflicts.first?.body)
            let resolved = try await browser.post("/notes/\(note.id)/resolve", [("keep", "2")])
            #expect(resolved.location == "/notes?show=conflicts&done=resolved")
            #expect(try store.note(id: note.id).body == other2)
            #expect(try store.note(id: note.id).hasConflict == false)
            #expect(try await browser.post("/notes/\(note.id)/resolve", [("keep", "1")]).status == .badRequest)
        }
    }

    @Test func theSyncButtonSaysWhenTheLibraryIsNotLoggedIn() async throws {
        try await withReader { browser, _ in
            let library = try await browser.get("/")
            #expect(library.html.contains("action=\"/sync\""))
            let page = try await browser.post("/sync")
            #expect(page.status == .badRequest)
            #expect(page.html.contains("not logged in to a sync server"))
            #expect(try await browser.get("/?done=sync&pushed=3&pulled=%3Cb%3E").html.contains("Synced") == false)
            #expect(try await browser.get("/?done=sync&pushed=3&pulled=2").html.contains("Synced: pushed 3, pulled 2."))
        }
    }

    /// A value a page does not have (no site, no progress, no message) leaves its place empty:
    /// no page says "nil".
    @Test func missingValuesLeaveNoTraceOnThePages() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Without a site", content: "Words with no site and no progress.")
            _ = try store.add(article)
            try store.add(Note(body: "a standalone thought"))
            for uri in ["/", "/articles/\(article.id)", "/search?q=words", "/notes", "/add"] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok, "\(uri)")
                #expect(!page.html.contains("nil"), "\(uri) shows nil")
            }
        }
    }

    @Test func addingPastedTextSavesAnArticle() async throws {
        try await withReader { browser, store in
            try await browser.get("/add")
            let page = try await browser.post("/add/text", [("title", "Pasted"), ("text", "# Heading\n\nSome pasted words."), ("tags", "paste")])
            #expect(page.status == .seeOther)
            let articles = try store.articles(matching: ArticleFilter())
            #expect(articles.map(\.title) == ["Pasted"])
            #expect(articles.first?.tags == ["paste"])
            #expect(page.location == "/articles/\(articles[0].id)?done=added")
            let empty = try await browser.post("/add/text", [("text", "  ")])
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test func addingAURLFetchesAndExtractsItOrKeepsItPending() async throws {
        let fixture = try LoopbackFixture(script: "http_server.py")
        let site = fixture.url
        try await withReader { browser, store in
            try await browser.get("/add")
            var page = try await browser.post("/add/url", [("url", site + "/article"), ("tags", "cafe")])
            #expect(page.status == .seeOther)
            let saved = try #require(try store.articles(matching: ArticleFilter()).first)
            #expect(saved.title == "Café owners brace for the winter season")
            #expect(saved.contentStatus == .ready)
            #expect(saved.tags == ["cafe"])
            #expect(saved.content.contains("terrace heaters"))
            #expect(!saved.content.contains("Buy the new phone"))
            // The same URL again adds nothing.
            page = try await browser.post("/add/url", [("url", site + "/article")])
            #expect(page.location == "/articles/\(saved.id)?done=duplicate")
            // Nothing listening: saved pending with the reason, as `folio add URL` does offline.
            let offline = "http://127.0.0.1:\(closedPort())/later"
            page = try await browser.post("/add/url", [("url", offline)])
            #expect(page.location?.hasSuffix("?done=pending") == true)
            let pending = try #require(try store.existingArticle(url: offline))
            #expect(pending.contentStatus == .pending)
            #expect(try store.fetchAttempts(for: [pending.id])[pending.id]?.attempts == 1)
            // A 404 is refused and nothing is saved.
            page = try await browser.post("/add/url", [("url", site + "/status?code=404")])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("404"))
            #expect(try store.countArticles(matching: ArticleFilter()) == 2)
        }
        withExtendedLifetime(fixture) {}
    }

    @Test func theStaticFilesAndSecurityHeadersAreServed() async throws {
        try await withReader { browser, _ in
            let script = try await browser.get("/static/folio.js")
            #expect(script.status == .ok)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.html.contains("/progress"))
            let page = try await browser.get("/")
            let policy = try #require(page.headers[.init("Content-Security-Policy")!])
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.headers[.init("X-Content-Type-Options")!] == "nosniff")
            // No inline script anywhere in a page: the one script is the file.
            #expect(!page.html.contains("<script>"))
            #expect(page.html.contains("<script src=\"/static/folio.js\" defer></script>"))
        }
    }
}
