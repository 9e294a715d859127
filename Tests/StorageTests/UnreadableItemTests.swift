import FolioTestSupport
import Foundation
import Models
import Testing

@testable import Storage

/// A store never deletes what it cannot read: a pulled change that this version cannot decode
/// (a newer Folio's enum value, a wrongly typed value) leaves the last good row as it was,
/// and the item is counted as unreadable until a later change makes it readable again.
@Suite struct UnreadableItemTests {
    /// A device with one article (and a note on it), received from another device through the
    /// same path as a sync's pulled changes.
    struct Device {
        let temporary: TemporaryStore
        let article: Article
        let note: Note
        /// The timestamp of the article's last change: remote changes are stamped after it.
        var lastStamp: HLCTimestamp

        var store: Store { temporary.store }

        init() throws {
            let origin = try TemporaryStore()
            let article = makeArticle("Helsinki talks", content: "The summit in Helsinki ended without a deal.", tags: ["politics"])
            try origin.store.add(article)
            let note = Note(articleID: article.id, quote: "without a deal", body: "as expected")
            try origin.store.add(note)
            let changes = try origin.store.unsyncedChanges(limit: 1000)
            temporary = try TemporaryStore()
            try temporary.store.applyRemote(changes)
            self.article = try temporary.store.article(id: article.id)
            self.note = note
            lastStamp = try #require(changes.map(\.timestamp).max())
        }

        /// Applies a change to the article as pulled from a server, stamped after every
        /// change before it.
        @discardableResult
        mutating func pull(_ operation: Change.Operation, field: String? = nil, value: String?) throws -> RemoteApplyResult {
            lastStamp = HLCTimestamp(wallMillis: lastStamp.wallMillis + 1, counter: 0, deviceID: "newerdevice")
            let change = Change(entity: .article, entityID: article.id, operation: operation, field: field, value: value, timestamp: lastStamp)
            return try store.applyRemote([change])
        }

        func searchFinds(_ text: String) throws -> Bool {
            try store.search(SearchQuery.parse(text)).contains { $0.id == article.id }
        }

        /// Every change this device knows for the article, its own and pulled ones.
        func knownChanges() throws -> [Change] {
            try store.read { db in try Store.knownChanges(db, entityID: article.id) }
        }
    }

    @Test func anUnknownEnumValueKeepsTheLastGoodArticleUntilAValidChange() throws {
        var device = try Device()
        // A field this version does not know is ignored, and kept.
        try device.pull(.update, field: "highlightColour", value: #""teal""#)
        #expect(try device.store.status().unreadableItems == 0)
        #expect(try device.knownChanges().contains { $0.field == "highlightColour" })

        // A state a newer Folio knows ("reading") does not decode here.
        let unreadable = try device.pull(.update, field: "state", value: #""reading""#)
        #expect(unreadable.itemsRemoved == 0)
        let kept = try device.store.article(id: device.article.id)
        #expect(kept.state == .unread)
        #expect(kept.title == "Helsinki talks")
        #expect(kept.trashedAt == nil)
        #expect(try device.searchFinds("helsinki"))
        #expect(try device.store.note(id: device.note.id).body == "as expected")
        #expect(try device.store.status().articles == 1)
        #expect(try device.store.status().unreadableItems == 1)
        let reason = try #require(try device.store.unreadableItems().first)
        #expect(reason.id == device.article.id && reason.entity == .article)
        #expect(reason.reason.contains("state"))
        // Nothing is lost: the changes stay, for a Folio that reads them.
        #expect(try device.knownChanges().contains { $0.field == "state" && $0.value == #""reading""# })
        #expect(try device.knownChanges().contains { $0.field == "highlightColour" })

        // Another sync with nothing new leaves it as it is.
        try device.store.applyRemote([])
        #expect(try device.store.article(id: device.article.id) == kept)
        #expect(try device.store.status().unreadableItems == 1)

        // A later valid value makes it readable again.
        try device.pull(.update, field: "state", value: #""archived""#)
        #expect(try device.store.article(id: device.article.id).state == .archived)
        #expect(try device.store.status().unreadableItems == 0)
        #expect(try device.store.unreadableItems().isEmpty)
        #expect(try device.searchFinds("helsinki"))
    }

    @Test func aNewArticleInANewerFormatIsCountedAndAppearsOnceReadable() throws {
        let device = try Device()
        let newer = makeArticle("From the future", content: "Newer text.")
        let snapshot = try FolioJSON.string(newer).replacingOccurrences(of: #""state":"unread""#, with: #""state":"reading""#)
        #expect(snapshot.contains("reading"))
        let newID = newer.id
        let stamp = HLCTimestamp(wallMillis: device.lastStamp.wallMillis + 1, counter: 0, deviceID: "newerdevice")
        try device.store.applyRemote([Change(entity: .article, entityID: newID, operation: .create, value: snapshot, timestamp: stamp)])
        #expect(throws: StoreError.self) { try device.store.article(id: newID) }
        #expect(try device.store.status().unreadableItems == 1)
        let fixed = HLCTimestamp(wallMillis: stamp.wallMillis + 1, counter: 0, deviceID: "newerdevice")
        try device.store.applyRemote([
            Change(entity: .article, entityID: newID, operation: .update, field: "state", value: #""unread""#, timestamp: fixed)
        ])
        #expect(try device.store.article(id: newID).title == "From the future")
        #expect(try device.store.status().unreadableItems == 0)
    }

    /// Each of these wrongly typed values used to remove the article from every device, with
    /// nothing in the trash.
    @Test(arguments: [
        ("starred", #""yes""#, "true"),
        ("savedAt", "5", #""2025-01-02T03:04:05.000Z""#),
        ("publishedAt", "true", "null"),
        ("trashedAt", #""soon""#, "null"),
        ("url", "7", #""https://example.org/helsinki""#),
        ("contentStatus", #""queued""#, #""ready""#),
        ("title", "null", #""Helsinki talks, again""#),
    ])
    func aWronglyTypedValueKeepsTheLastGoodArticle(field: String, wrong: String, valid: String) throws {
        var device = try Device()
        let result = try device.pull(.update, field: field, value: wrong)
        #expect(result.itemsRemoved == 0)
        #expect(try device.store.article(id: device.article.id) == device.article)
        #expect(try device.searchFinds("summit"))
        #expect(try device.store.status().unreadableItems == 1)
        #expect(try device.store.unreadableItems().first?.reason.contains(field) == true)

        try device.pull(.update, field: field, value: valid)
        let readable = try device.store.article(id: device.article.id)
        #expect(readable.trashedAt == nil)
        #expect(try device.store.status().unreadableItems == 0)
        #expect(try device.searchFinds("summit"))
    }

    @Test func purgingAnUnreadableArticleForgetsIt() throws {
        var device = try Device()
        try device.pull(.update, field: "state", value: #""reading""#)
        #expect(try device.store.status().unreadableItems == 1)
        try device.store.purge(articleID: device.article.id)
        #expect(try device.store.status().unreadableItems == 0)
        #expect(throws: StoreError.self) { try device.store.article(id: device.article.id) }
    }
}
