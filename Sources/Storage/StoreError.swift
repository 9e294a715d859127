import Foundation

/// What can go wrong with the store, in words for the person at the terminal.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not a Folio store (another SQLite database, or not SQLite).
    case notFolioDatabase(path: String)
    /// SQLite reports the file as damaged.
    case corrupt(path: String)
    /// The store was written by a newer Folio whose schema this one does not know.
    case newerVersion(path: String)
    /// Another process held the store's write lock for longer than the wait.
    case busy(path: String, seconds: Double)
    /// The store cannot be opened or created at that path.
    case cannotOpen(path: String, reason: String)
    /// No item of that kind matches the id or prefix.
    case notFound(kind: String, id: String)
    /// No article or note carries the tag.
    case unknownTag(String)
    /// More than one item matches the prefix.
    case ambiguousID(prefix: String, candidates: [String])
    /// What the user typed cannot be an id.
    case invalidID(String)
    /// A quoted passage that the article does not contain.
    case quoteNotFound(articleID: String)
    /// A value out of range or of the wrong form.
    case invalidValue(String)
    /// The item is in the trash and the operation needs it out of it (or the reverse).
    case wrongTrashState(String)
    /// Any other database failure.
    case database(String)
    /// Remote changes would remove more live items than allowed (see `Store.applyRemote`).
    case tooManyRemovals(count: Int, limit: Int)
    /// `resolve` on a note whose body is not in conflict.
    case noConflict(noteID: String)

    package var description: String {
        switch self {
        case .notFolioDatabase(let path):
            return "\(path) is not a Folio store; move it away or set FOLIO_HOME to another folder"
        case .corrupt(let path):
            return "the store \(path) is damaged (SQLite reports corruption); restore it from a backup or an export"
        case .newerVersion(let path):
            return "the store \(path) was written by a newer version of folio; upgrade folio to open it"
        case .busy(let path, let seconds):
            return "the store \(path) is locked by another folio process (waited \(Int(seconds.rounded())) s); try again when it has finished"
        case .cannotOpen(let path, let reason):
            return "cannot open the store \(path): \(reason)"
        case .notFound(let kind, let id):
            return "no \(kind) matches id \(id); run `folio \(kind == "note" ? "note list" : "list")` to see ids"
        case .unknownTag(let name):
            return "no article or note has the tag #\(name); `folio tags` lists the tags"
        case .ambiguousID(let prefix, let candidates):
            return
                "id \(prefix) is ambiguous: it matches \(candidates.prefix(5).joined(separator: ", "))\(candidates.count > 5 ? ", …" : ""); type more of it"
        case .invalidID(let text):
            return "\(text) is not an id: ids are hexadecimal, as `folio list` shows them"
        case .quoteNotFound(let articleID):
            return "the quoted passage does not occur in article \(articleID); copy it exactly from `folio show`"
        case .invalidValue(let message), .wrongTrashState(let message), .database(let message):
            return message
        case .tooManyRemovals(let count, let limit):
            return "the changes would remove \(count) articles and notes, more than the \(limit) allowed"
        case .noConflict(let noteID):
            return "note \(noteID) has no conflict to resolve"
        }
    }
}
