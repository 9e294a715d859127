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
        case "id": id as Any
        case "articleID": articleID as Any
        case "articleTitle": articleTitle as Any
        case "quote": quote as Any
        case "body": body as Any
        case "date": date as Any
        case "tags": tags as Any
        case "conflict": conflict as Any
        case "sides": sides as Any
        default: nil
        }
    }
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension NoteView.Side: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "noteID": noteID as Any
        case "number": number as Any
        case "role": role as Any
        case "body": body as Any
        default: nil
        }
    }
}
