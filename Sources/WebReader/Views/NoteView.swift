import Models

/// A note as the pages show it.
struct NoteView {
    /// One side of a note in conflict, with the form that keeps it.
    struct Side {
        var noteID: String
        var number: Int
        var role: String
        var body: String
    }

    var id: String
    var articleID: String?
    var articleTitle: String?
    var quote: String?
    var body: String?
    var date: String
    var tags: [String]
    var conflict: Bool
    var sides: [Side]

    init(_ note: Note, articleTitle: String? = nil) {
        id = note.id
        articleID = note.articleID
        self.articleTitle = articleTitle
        quote = note.quote
        body = note.body.isEmpty ? nil : note.body
        date = ISODate.formatDay(note.createdAt)
        tags = note.tags
        conflict = note.hasConflict
        sides = NoteView.sides(of: note).enumerated().map { index, body in
            Side(noteID: note.id, number: index + 1, role: index == 0 ? "current" : "other", body: body)
        }
    }

    /// The bodies `folio note resolve` numbers: the note's text (1), then each conflict.
    static func sides(of note: Note) -> [String] {
        note.hasConflict ? [note.body] + note.conflicts.map(\.body) : []
    }
}
