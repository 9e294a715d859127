import Import
import Storage

/// Export files read and planned, nothing changed yet: the other tools' rows as one plan, and
/// Folio's own exports as they are. `LibraryImporter.prepare` makes it, `apply` saves it.
package struct PreparedImport: Sendable {
    /// The rows of the other tools' files, merged and turned into the store's entries.
    package var plan: ImportPlan
    /// What reading found: the formats, the rows skipped, duplicates within the files.
    package var summary: ImportSummary
    /// Folio's own exports, by the name of their file.
    package var libraries: [(name: String, library: LibraryExport)]
}
