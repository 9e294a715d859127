import LibraryImport

/// The page after an import: the summary line `folio import` prints, and the skipped rows.
struct ImportedPage {
    /// Skipped rows listed on the page; the rest are counted.
    static let listedSkips = 100

    var chrome: Chrome
    var heading: String
    var line: String
    var dryRun: Bool
    var skipped: [ImportSummary.Skipped]
    var moreSkipped: Int
    var hasSkipped: Bool
    var hasMoreSkipped: Bool
    /// The library filtered by the first extra tag, when one was given.
    var tag: String?

    init(chrome: Chrome, summary: ImportSummary, tags: [String]) {
        self.chrome = chrome
        heading = chrome.pageTitle
        line = summary.line
        dryRun = summary.dryRun
        skipped = Array(summary.skipped.prefix(Self.listedSkips))
        moreSkipped = max(0, summary.skipped.count - Self.listedSkips)
        hasSkipped = !skipped.isEmpty
        hasMoreSkipped = moreSkipped > 0
        tag = tags.first
    }
}
