/// A highlight that names its article by title only (Readwise's highlights CSV): joined to
/// the article of that title when the import or the library has one, else kept as a
/// standalone note that says where it is from.
package struct LooseHighlight: Sendable, Hashable {
    package var highlight: ImportedHighlight
    package var title: String?
    package var author: String?
    package var location: ImportLocation

    package init(highlight: ImportedHighlight, title: String?, author: String?, location: ImportLocation) {
        self.highlight = highlight
        self.title = title
        self.author = author
        self.location = location
    }

    /// The note's text when no article has the title: the note, then where the passage is from.
    package var standaloneBody: String {
        let source = [title, author].compactMap { $0 }.joined(separator: ", ")
        let parts = [highlight.note, source.isEmpty ? "" : "— \(source)"].filter { !$0.isEmpty }
        return parts.joined(separator: "\n\n")
    }
}
