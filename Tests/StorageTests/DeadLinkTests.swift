import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

/// Dead links (404, 410, no such host) are given up on after three in a row, on this device
/// only; passing failures never give up and start the count again.
@Suite struct DeadLinkTests {
    func pendingArticle(_ url: String) -> Article {
        Article(url: url, title: url, content: "", contentStatus: .pending)
    }

    @Test func threeDeadLinksInARowMarkTheArticleFailedAndFetchSkipsIt() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let dead = pendingArticle("https://example.com/gone")
        let busy = pendingArticle("https://example.com/busy")
        try store.add(dead)
        try store.add(busy)
        for attempt in 1...Store.deadLinkAttemptLimit {
            let attempts = try store.recordFetchFailure(articleID: dead.id, error: "404", deadLink: true)
            #expect(attempts.deadLinkAttempts == attempt)
            #expect(attempts.isFailed == (attempt == Store.deadLinkAttemptLimit), "failed at attempt \(attempt)")
            try store.recordFetchFailure(articleID: busy.id, error: "503")
        }
        #expect(try store.pendingArticles().map(\.id) == [busy.id])
        #expect(Set(try store.pendingArticles(includingFailed: true).map(\.id)) == [dead.id, busy.id])
        var filter = ArticleFilter()
        filter.fetchFailed = true
        #expect(try store.articles(matching: filter).map(\.id) == [dead.id])
        filter.fetchFailed = false
        #expect(try store.articles(matching: filter).map(\.id) == [busy.id])
        let recorded = try #require(try store.fetchAttempts(for: [dead.id, busy.id])[busy.id])
        #expect(recorded.attempts == 3 && recorded.deadLinkAttempts == 0 && !recorded.isFailed)
    }

    @Test func aPassingFailureStartsTheCountAgainAndRevivesAFailedArticle() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let article = pendingArticle("https://example.com/moved")
        try store.add(article)
        try store.recordFetchFailure(articleID: article.id, error: "404", deadLink: true)
        try store.recordFetchFailure(articleID: article.id, error: "404", deadLink: true)
        #expect(try store.recordFetchFailure(articleID: article.id, error: "timed out").deadLinkAttempts == 0)
        #expect(try store.recordFetchFailure(articleID: article.id, error: "404", deadLink: true).isFailed == false)
        for _ in 1..<Store.deadLinkAttemptLimit { try store.recordFetchFailure(articleID: article.id, error: "404", deadLink: true) }
        #expect(try store.fetchAttempts(for: [article.id])[article.id]?.isFailed == true)
        // Tried again (--retry-failed) and the site is only down now: pending again.
        #expect(try store.recordFetchFailure(articleID: article.id, error: "503").isFailed == false)
        #expect(try store.pendingArticles().map(\.id) == [article.id])
        // Fetched at last: no attempts left.
        try store.completeFetch(articleID: article.id, with: ArticleDraft(title: nil, markdown: "Back."))
        #expect(try store.fetchAttempts(for: [article.id]).isEmpty)
    }
}
