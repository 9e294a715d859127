import Foundation

/// A highlight from another tool: a quoted passage, the note written on it, its labels. It
/// becomes a note with a quote on its article.
package struct ImportedHighlight: Sendable, Hashable {
    /// The passage as the tool kept it (kept as given even before the article has its text).
    package var quote: String?
    /// The note written on it; empty when none.
    package var note: String
    package var tags: [String]
    package var createdAt: Date?

    package init(quote: String?, note: String = "", tags: [String] = [], createdAt: Date? = nil) {
        self.quote = quote
        self.note = note
        self.tags = tags
        self.createdAt = createdAt
    }

    /// Whether there is anything to keep: a quote or some text.
    package var isEmpty: Bool {
        (quote ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            && note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
