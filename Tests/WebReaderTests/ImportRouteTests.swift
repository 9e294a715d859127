import FolioTestSupport
import Foundation
import Hummingbird
import Models
import Storage
import Testing

@testable import WebReader

/// Importing an export file uploaded from the add page: the same import as `folio import`.
@Suite struct ImportRouteTests {
    static func sample(_ path: String) throws -> Data {
        try Data(contentsOf: CLIHarness.sharedData.appendingPathComponent("imports").appendingPathComponent(path))
    }

    @Test func anUploadedExportIsImportedOnceAndSaysWhatItDid() async throws {
        let pocket = try Self.sample("pocket/pocket.csv")
        try await withReader { browser, store in
            let add = try await browser.get("/add")
            #expect(add.html.contains("enctype=\"multipart/form-data\""))
            #expect(add.html.contains("<option value=\"pocket\">"))
            let page = try await browser.postMultipart("/import", [("tags", "from-pocket")], files: [("file", "pocket.csv", pocket)])
            #expect(page.status == .ok)
            #expect(page.html.contains("Imported: added 7, merged 0 duplicates"))
            let articles = try store.articles(matching: ArticleFilter())
            #expect(articles.count == 7)
            #expect(articles.allSatisfy { $0.tags.contains("from-pocket") && $0.contentStatus == .pending })
            #expect(articles.filter { $0.state == .archived }.count == 2)
            #expect(articles.contains { $0.url == "http://youmightnotneedjquery.com/" })
            // The same file again changes nothing: every row merges into what is there.
            let again = try await browser.postMultipart("/import", [], files: [("file", "pocket.csv", pocket)])
            #expect(again.html.contains("Imported: added 0, merged 7 duplicates"))
            #expect(try store.articles(matching: ArticleFilter()).count == 7)
        }
    }

    @Test func aDryRunCountsAndChangesNothing() async throws {
        let instapaper = try Self.sample("instapaper/instapaper-export.csv")
        try await withReader { browser, store in
            try await browser.get("/add")
            let page = try await browser.postMultipart(
                "/import", [("dry-run", "1"), ("from", "instapaper")], files: [("file", "export.csv", instapaper)])
            #expect(page.status == .ok)
            #expect(page.html.contains("Would import: added "))
            #expect(page.html.contains("(nothing changed)"))
            #expect(try store.articles(matching: ArticleFilter()).isEmpty)
            #expect(try store.status().unsyncedChanges == 0)
        }
    }

    @Test func aFileThatCannotBeReadChangesNothingAndSaysWhy() async throws {
        try await withReader { browser, store in
            try await browser.get("/add")
            let page = try await browser.postMultipart("/import", [], files: [("file", "notes.txt", Data("just some words\n".utf8))])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains("Nothing was imported: notes.txt: not a format folio imports"))
            let unknown = try await browser.postMultipart(
                "/import", [("from", "evernote")], files: [("file", "pocket.csv", try Self.sample("pocket/pocket.csv"))])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.html.contains("No import format is called evernote."))
            let none = try await browser.postMultipart("/import", [], files: [])
            #expect(none.status == .unprocessableContent)
            #expect(try store.articles(matching: ArticleFilter()).isEmpty)
        }
    }

    @Test func anUploadNeedsTheFormsToken() async throws {
        try await withReader { browser, store in
            try await browser.get("/add")
            let page = try await browser.postMultipart(
                "/import", [], files: [("file", "pocket.csv", try Self.sample("pocket/pocket.csv"))], token: .some("forged"))
            #expect(page.status == .forbidden)
            #expect(try store.articles(matching: ArticleFilter()).isEmpty)
        }
    }

    @Test func aFolioExportImportsWithItsNotes() async throws {
        let source = try TemporaryStore()
        let saved = Article(url: "https://example.org/a", title: "Exported", content: "Some text to quote.")
        _ = try source.store.add(saved)
        try source.store.add(Note(articleID: saved.id, quote: "text to quote", body: "a thought"))
        var articles: [Article] = []
        try source.store.forEachArticle { articles.append($0) }
        let export = try FolioJSON.encoder(pretty: true).encode(LibraryExport(articles: articles, notes: try source.store.allNotes()))
        try await withReader { browser, store in
            try await browser.get("/add")
            let page = try await browser.postMultipart("/import", [], files: [("file", "library.json", export)])
            #expect(page.html.contains("Imported: added 1"))
            #expect(try store.articles(matching: ArticleFilter()).map(\.id) == [saved.id])
            #expect(try store.notes(articleID: saved.id).map(\.body) == ["a thought"])
        }
    }
}
