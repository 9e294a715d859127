/// What an import did (or, rehearsed, would do) to the library.
package struct ImportOutcome: Sendable, Equatable, Codable {
    /// New articles.
    package var added = 0
    /// Articles the library already had, merged with what the import said (tags, state, dates).
    package var merged = 0
    /// Notes added: highlights, descriptions, standalone highlights.
    package var notesAdded = 0
    /// Notes the articles already had (the same quote and text), not added again.
    package var notesAlreadyPresent = 0

    package init() {}
}
