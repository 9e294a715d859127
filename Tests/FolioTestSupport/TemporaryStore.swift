import Foundation
import Models
import Storage

/// A fresh store in a temporary folder, built by the real migrator; removed when released.
package final class TemporaryStore {
    package let folder: URL
    package let store: Store

    package var path: String { store.path }

    /// A store with `configuration` (by default: writers wait 0.2 s for a lock, so that a
    /// test about locking fails fast).
    package init(configuration: StoreConfiguration = StoreConfiguration(lockTimeout: 0.2)) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("library.sqlite").path, configuration: configuration)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

package func makeArticle(_ title: String, content: String, url: String? = nil, tags: [String] = [], published: String? = nil) -> Article {
    Article(url: url, title: title, publishedAt: published.flatMap(ISODate.parse), content: content, tags: tags)
}
