import ArgumentParser
import Foundation
import Models
import Storage

/// What `folio note resolve --json` prints when it resolves nothing.
struct ConflictOutput: Encodable {
    /// One run of a word diff, as JSON: `same`, `removed` (only in side 1) or `added` (only
    /// in the other side).
    struct DiffRun: Encodable {
        var kind: String
        var text: String
    }

    var id: String
    var shortID: String
    var sides: [ConflictSide]
    /// For each other side (2, 3, …), the word diff from side 1 to it.
    var diffs: [[DiffRun]]
}
