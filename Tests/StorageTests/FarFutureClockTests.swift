import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

/// A change stamped far ahead (the year 2500, which servers now refuse but an older one may
/// hold) does not move this device's clock there for good.
@Suite struct FarFutureClockTests {
    /// Pulls a byline change stamped `stamp` into `store`, then edits the article here; the
    /// timestamp of that local edit.
    func localStampAfterPulling(_ stamp: HLCTimestamp, into store: Store, article: Article, site: String) throws -> HLCTimestamp {
        try store.applyRemote([
            Change(entity: .article, entityID: article.id, operation: .update, field: "byline", value: "\"Someone\"", timestamp: stamp)
        ])
        var edit = ArticleEdit()
        edit.site = site
        try store.edit(articleID: article.id, edit)
        return try #require(try store.changes(entityID: article.id).last { $0.field == "site" }).timestamp
    }

    @Test func aPulledChangeFromTheFarFutureDoesNotMoveTheClock() throws {
        let temporary = try TemporaryStore()
        let article = Article(title: "Now", content: "Text of today.")
        try temporary.store.add(article)
        let nowMillis = Int64(Date().timeIntervalSince1970 * 1000)
        let future = HLCTimestamp(wallMillis: 16_725_225_600_000, counter: 0, deviceID: "01900000-0000-7000-8000-0000000000ff")
        let own = try localStampAfterPulling(future, into: temporary.store, article: article, site: "Example")
        #expect(own.wallMillis < nowMillis + ChangeValidation.maximumClockLead)
        // A pulled change a little ahead (a skewed clock) still moves it, as before.
        let soon = HLCTimestamp(wallMillis: nowMillis + 60_000, counter: 0, deviceID: "01900000-0000-7000-8000-0000000000fe")
        #expect(try localStampAfterPulling(soon, into: temporary.store, article: article, site: "Elsewhere") > soon)
    }
}
