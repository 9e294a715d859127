import Foundation
import Models

@testable import Storage

/// A fresh store in a temporary folder, built by the real migrator; removed when released.
final class TemporaryStore {
    let folder: URL
    let store: Store

    var path: String { store.path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("library.sqlite").path, configuration: StoreConfiguration(lockTimeout: 0.2))
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

func makeArticle(_ title: String, content: String, url: String? = nil, tags: [String] = [], published: String? = nil) -> Article {
    Article(url: url, title: title, publishedAt: published.flatMap(ISODate.parse), content: content, tags: tags)
}
