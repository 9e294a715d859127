import Foundation
import Models
import Storage
import Testing

@testable import WebReader

/// The login, the session cookie, CSRF and escaping.
@Suite struct SecurityRouteTests {
    static let attack = "<script>alert('x')</script>"

    @Test func aFormWithoutTheSessionsTokenChangesNothing() async throws {
        try await withReader { browser, store in
            let article = Article(title: "Guarded", content: "Some text.")
            try store.add(article)
            try await browser.get("/articles/\(article.id)")
            var page = try await browser.post("/articles/\(article.id)/star", token: .some(nil))
            #expect(page.status == .forbidden)
            page = try await browser.post("/articles/\(article.id)/star", token: "0000")
            #expect(page.status == .forbidden)
            // Another session's token does not work either.
            let other = Browser(browser.client)
            try await other.get("/")
            page = try await browser.post("/articles/\(article.id)/star", token: other.csrf)
            #expect(page.status == .forbidden)
            // A request with no session at all (a form posted from another site) neither.
            let stranger = Browser(browser.client)
            page = try await stranger.post("/articles/\(article.id)/star", token: browser.csrf)
            #expect(page.status == .forbidden)
            #expect(try store.article(id: article.id).starred == false)
            page = try await browser.post("/articles/\(article.id)/star")
            #expect(page.status == .seeOther)
            #expect(try store.article(id: article.id).starred)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndSecureBehindHTTPS() async throws {
        try await withReader { browser, _ in
            var page = try await browser.get("/")
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
            let proxied = Browser(browser.client)
            page = try await proxied.get("/", headers: [.init("X-Forwarded-Proto")!: "https"])
            #expect(page.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func withAPasswordEveryPageWaitsForTheLogin() async throws {
        try await withReader(password: "correct horse") { browser, store in
            let article = Article(title: "Private", content: "Private text.")
            try store.add(article)
            var page = try await browser.get("/articles/\(article.id)")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/login?next=") == true)
            #expect(try await browser.get("/search?q=private").status == .seeOther)
            page = try await browser.get("/login?next=/articles/\(article.id)")
            #expect(page.status == .ok)
            #expect(!page.html.contains("Private"))
            // Posting to a page before logging in changes nothing, token or not.
            page = try await browser.post("/articles/\(article.id)/star")
            #expect(page.status == .forbidden)
            page = try await browser.post("/login", [("password", "wrong"), ("next", "/")])
            #expect(page.status == .unauthorized)
            let before = browser.cookie
            page = try await browser.post("/login", [("password", "correct horse"), ("next", "/articles/\(article.id)")])
            #expect(page.status == .seeOther)
            #expect(page.location == "/articles/\(article.id)")
            #expect(browser.cookie != nil && browser.cookie != before, "a new session at login")
            page = try await browser.get("/articles/\(article.id)")
            #expect(page.status == .ok)
            #expect(page.html.contains("Private text."))
            #expect(page.html.contains("Log out"))
            // Logging out ends the session.
            try await browser.post("/logout")
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try store.article(id: article.id).starred == false)
        }
    }

    @Test func theLoginSendsOnlyToThisSite() {
        #expect(LoginRoutes.safeNext("/articles/1") == "/articles/1")
        #expect(LoginRoutes.safeNext("//evil.example/") == "/")
        #expect(LoginRoutes.safeNext("https://evil.example/") == "/")
        #expect(LoginRoutes.safeNext("/\\evil.example") == "/")
        #expect(LoginRoutes.safeNext(nil) == "/")
    }

    @Test func scriptsInTitlesNotesTagsAndMarkdownAreEscaped() async throws {
        try await withReader { browser, store in
            let article = Article(
                url: "javascript:alert(1)", title: "Title \(Self.attack)", byline: "<b>by</b>", site: "<i>site</i>",
                content: "Text \(Self.attack) and [click](javascript:alert(2)) and <img src=x onerror=alert(3)>\n\n\(Self.attack)",
                tags: ["<script>"])
            try store.add(article)
            try store.add(Note(articleID: article.id, body: "Note \(Self.attack)", tags: ["\"><svg/onload=alert(4)>"]))
            try store.add(Note(body: "Standalone \(Self.attack)"))
            for uri in [
                "/", "/articles/\(article.id)", "/search?q=alert", "/search?q=\(Browser.encode(Self.attack))", "/notes", "/?tag=%3Cscript%3E",
            ] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok || page.status == .badRequest, "\(uri)")
                #expect(!page.html.contains("<script>alert"), "\(uri) lets a script through")
                #expect(!page.html.contains("<svg"), "\(uri) lets a tag through")
                #expect(!page.html.contains("<img src=x"), "\(uri) lets an element through")
                #expect(!page.html.contains("href=\"javascript:"), "\(uri) keeps a javascript: link")
                #expect(!page.html.contains("<b>by</b>") && !page.html.contains("<i>site</i>"), "\(uri)")
            }
            let reader = try await browser.get("/articles/\(article.id)")
            #expect(reader.html.contains("Title &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(reader.html.contains("Note &lt;script&gt;"))
        }
    }

    @Test func onlyLoopbackGoesWithoutAPassword() throws {
        #expect(WebReaderConfiguration.isLoopback("127.0.0.1"))
        #expect(WebReaderConfiguration.isLoopback("localhost"))
        #expect(WebReaderConfiguration.isLoopback("::1"))
        #expect(!WebReaderConfiguration.isLoopback("0.0.0.0"))
        #expect(!WebReaderConfiguration.isLoopback("192.168.1.2"))
        #expect(!WebReaderConfiguration.isLoopback("::"))
        #expect(try FolioWeb.password(file: nil, environment: ["FOLIO_WEB_PASSWORD": "s3cret"]) == "s3cret")
        #expect(try FolioWeb.password(file: nil, environment: [:]) == nil)
    }
}

@Suite struct SyncEveryTests {
    @Test func intervalsReadAsWritten() {
        #expect(PeriodicSync.interval("5m") == .seconds(300))
        #expect(PeriodicSync.interval("90s") == .seconds(90))
        #expect(PeriodicSync.interval("2h") == .seconds(7_200))
        #expect(PeriodicSync.interval("30") == .seconds(30))
        #expect(PeriodicSync.interval("5") == nil)
        #expect(PeriodicSync.interval("m") == nil)
        #expect(PeriodicSync.interval("-5m") == nil)
        #expect(PeriodicSync.interval("5 minutes") == nil)
    }
}
