import Models
import Mustache

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

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension NoteView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "articleID": articleID
        case "articleTitle": articleTitle
        case "quote": quote
        case "body": body
        case "date": date
        case "tags": tags
        case "conflict": conflict
        case "sides": sides
        default: nil
        }
    }
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension NoteView.Side: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "noteID": noteID
        case "number": number
        case "role": role
        case "body": body
        default: nil
        }
    }
}
