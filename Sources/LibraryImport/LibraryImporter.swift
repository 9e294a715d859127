import Foundation
import Import
import Models
import Storage

/// How `folio import` and the web reader's import bring a library in: the files read (each
/// file's format found from its content, or forced), then saved into the store, and what was
/// done counted in an `ImportSummary`. Reading changes nothing; a file that cannot be read
/// stops the import before the store is touched.
package struct LibraryImporter: Sendable {
    /// The format every file is read as, instead of the one its content shows.
    package var forced: ImportFormat?
    /// Tags added to everything imported.
    package var extraTags: [String]
    /// Count what would be imported, and change nothing.
    package var dryRun: Bool

    package init(forced: ImportFormat? = nil, extraTags: [String] = [], dryRun: Bool = false) {
        self.forced = forced
        self.extraTags = extraTags
        self.dryRun = dryRun
    }

    /// Reads the files: Folio's exports as they are, the others into one batch and its plan.
    /// `willRead` is told, before a long read, what is being read (a file of over 1 MB).
    /// - Throws: `ImportError` or `StoreError` (a Folio export that cannot be read) for the
    ///   first file that cannot be imported at all.
    package func prepare(_ files: [(name: String, data: Data)], willRead: (String) -> Void = { _ in }, now: Date = Date()) throws
        -> PreparedImport
    {
        var summary = ImportSummary(dryRun: dryRun)
        var others: [(name: String, data: Data)] = []
        var libraries: [(name: String, library: LibraryExport)] = []
        for file in files {
            let format = try Importer.format(of: file.data, file: file.name, forced: forced)
            summary.formats[file.name] = format.rawValue
            if format == .folio {
                libraries.append((file.name, try LibraryExport.decode(file.data, source: file.name)))
            } else {
                others.append(file)
            }
        }
        if others.contains(where: { $0.data.count > 1_000_000 }) {
            willRead(others.count == 1 ? others[0].name : "\(others.count) files")
        }
        let batch = try Importer.read(others, format: forced)
        summary.mergedDuplicates = batch.mergedDuplicates
        summary.highlightsAsNotes = batch.highlightCount
        summary.skipped = batch.skipped.map {
            ImportSummary.Skipped(file: $0.location.file, row: $0.location.row, reason: $0.reason.rawValue, url: $0.detail)
        }
        let plan = ImportPlan(batch, now: now, extraTags: extraTags)
        summary.withoutDate = plan.withoutDate
        return PreparedImport(plan: plan, summary: summary, libraries: libraries)
    }

    /// Saves what `prepare` read (or, with `dryRun`, counts what would be saved) and says what
    /// was done. The other tools' rows are one transaction; `progress` is told how many of them
    /// are done, now and then.
    package func apply(_ prepared: PreparedImport, to store: Store, progress: ((_ done: Int, _ total: Int) -> Void)? = nil)
        throws(StoreError) -> ImportSummary
    {
        var summary = prepared.summary
        let plan = prepared.plan
        if !plan.isEmpty {
            let total = plan.items.count
            let outcome = try store.importEntries(plan.entries, standalone: plan.standalone, rehearse: dryRun) { done in
                progress?(done, total)
            }
            summary.added += outcome.added
            summary.mergedDuplicates += outcome.merged
            summary.notesAdded += outcome.notesAdded
            summary.notesAlreadyPresent += outcome.notesAlreadyPresent
            if !dryRun && outcome.added >= 1000 { try store.optimizeSearchIndex() }
        }
        for (name, library) in prepared.libraries {
            try importFolio(library, name: name, into: store, summary: &summary)
        }
        return summary
    }

    /// A Folio export: its articles and notes with their own ids, those already here skipped.
    private func importFolio(_ library: LibraryExport, name: String, into store: Store, summary: inout ImportSummary) throws(StoreError) {
        var articles = library.articles
        let limit = ArticleDraft.sizeLimit
        articles.removeAll { article in
            guard article.content.utf8.count > limit else { return false }
            summary.skipped.append(.init(file: name, row: 0, reason: ImportSkip.Reason.tooLarge.rawValue, url: article.url ?? article.title))
            return true
        }
        if dryRun {
            var existing = 0
            for article in articles where try store.articleExists(id: article.id) { existing += 1 }
            summary.added += articles.count - existing
            summary.mergedDuplicates += existing
            return
        }
        let before = try store.status()
        var added = 0
        var index = 0
        let batchSize = 1000
        repeat {
            let batch = Array(articles[index..<min(index + batchSize, articles.count)])
            let lastBatch = index + batchSize >= articles.count
            added += try store.addBatch(batch, notes: lastBatch ? library.notes : [])
            index += batchSize
        } while index < articles.count
        if added >= batchSize { try store.optimizeSearchIndex() }
        let after = try store.status()
        let notesAdded = (after.notes + after.trashedNotes) - (before.notes + before.trashedNotes)
        summary.added += added
        summary.mergedDuplicates += articles.count - added
        summary.notesAdded += notesAdded
        summary.notesAlreadyPresent += library.notes.count - notesAdded
    }
}
