import Foundation
import GRDB
import Models

/// One body a note has had.
public struct NoteVersion: Sendable, Equatable {
    /// The change that wrote it (its time and device).
    public var timestamp: HLCTimestamp
    public var body: String

    public init(timestamp: HLCTimestamp, body: String) {
        self.timestamp = timestamp
        self.body = body
    }
}

extension Store {
    /// Every body of a note this device knows of, its own and merged ones, oldest first: the
    /// body it was created with and each later edit, from any device. (What the note shows is
    /// the merge of them, `NoteBodyMerge`: often the last one, but not always.) Throws
    /// `notFound` when the note is unknown here.
    public func noteHistory(id: String) throws(StoreError) -> [NoteVersion] {
        let versions: [NoteVersion] = try read { db in
            try Self.knownChanges(db, entityID: id).compactMap { change -> NoteVersion? in
                guard change.entity == .note, let value = change.value else { return nil }
                let json: String?
                switch change.operation {
                case .create: json = MergeRules.jsonFields(value)?[MergeRules.noteBodyField]
                case .update where change.field == MergeRules.noteBodyField: json = value
                default: json = nil
                }
                guard let json, let version = NoteBodyEdit.version(fromJSON: json, timestamp: change.timestamp) else { return nil }
                return NoteVersion(timestamp: change.timestamp, body: version.text)
            }
        }
        guard !versions.isEmpty else { throw .notFound(kind: "note", id: id) }
        return versions.sorted { $0.timestamp < $1.timestamp }
    }
}
