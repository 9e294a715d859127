import Models
import Storage

/// Everything a store holds that a user sees: every article (in the trash too) and every
/// note, every field (`updatedAt` included), sorted by id, so that two devices' libraries
/// compare with `==`.
package struct LibrarySnapshot: Equatable, Sendable {
    package var articles: [Article]
    package var notes: [Note]

    package init(_ store: Store) throws {
        var articles: [Article] = []
        try store.forEachArticle { articles.append($0) }
        self.articles = articles.sorted { $0.id < $1.id }
        notes = try store.allNotes().sorted { $0.id < $1.id }
    }

    /// Articles and notes together.
    package var count: Int { articles.count + notes.count }

    package var isEmpty: Bool { count == 0 }
}
