import ArgumentParser
import Foundation
import Storage

/// Shell completions that ask the library for candidates (the shell runs `folio ---completion …`,
/// which calls these): short ids of the newest articles and notes, and tag names.
enum Completions {
    /// Short ids of the newest articles.
    static let articleIDs = CompletionKind.custom { _, _, prefix in candidates(prefix) { try articleIDs(in: $0) } }

    /// Short ids of the newest notes.
    static let noteIDs = CompletionKind.custom { _, _, prefix in candidates(prefix) { try noteIDs(in: $0) } }

    /// Short ids of the newest articles and notes.
    static let itemIDs = CompletionKind.custom { _, _, prefix in
        candidates(prefix) { try articleIDs(in: $0) + noteIDs(in: $0) }
    }

    /// Tag names.
    static let tags = CompletionKind.custom { _, _, prefix in candidates(prefix) { try $0.tagCounts().map(\.name) } }

    /// How many of the newest items are offered.
    private static let limit = 200

    private static func articleIDs(in store: Store) throws -> [String] {
        var filter = ArticleFilter()
        filter.limit = limit
        let ids = try store.articles(matching: filter).map(\.id)
        let short = try store.shortIDs(ids)
        return ids.map { short[$0] ?? $0 }
    }

    private static func noteIDs(in store: Store) throws -> [String] {
        let ids = try store.allNotes().suffix(limit).map(\.id)
        let short = try store.shortIDs(ids)
        return ids.map { short[$0] ?? $0 }
    }

    /// The candidates that start with `prefix`; none when the library cannot be read (a
    /// completion never prints an error).
    private static func candidates(_ prefix: String, _ body: (Store) throws -> [String]) -> [String] {
        guard let store = try? Library.open(readOnly: true), let all = try? body(store) else { return [] }
        return all.filter { $0.hasPrefix(prefix.lowercased()) }
    }
}
