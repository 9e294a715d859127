import Models

/// What the importers read from the files of one `folio import`: the items, duplicates within
/// the files already merged, and the rows skipped with their reasons.
package struct ImportBatch: Sendable {
    package private(set) var items: [ImportedItem] = []
    package private(set) var skipped: [ImportSkip] = []
    /// Items that repeated an earlier item's page (same normalized URL) and were merged into it.
    package private(set) var mergedDuplicates = 0
    /// Highlights that name their article by title only, not joined to an item of the batch.
    package private(set) var looseHighlights: [LooseHighlight] = []
    private var indexByURL: [String: Int] = [:]

    package init() {}

    /// Adds an item, or merges it into the earlier one for the same page. A URL that cannot be
    /// an article is skipped instead, with its reason.
    package mutating func add(_ item: ImportedItem) {
        var item = item
        item.url = item.url.trimmedImport
        if let reason = ImportURL.problem(with: item.url) {
            skip(item.location, reason, detail: item.url)
            return
        }
        if let content = item.content, content.utf8.count > ArticleDraft.sizeLimit {
            skip(item.location, .tooLarge, detail: item.url)
            return
        }
        let key = URLNormalizer.normalize(item.url) ?? item.url
        if let index = indexByURL[key] {
            items[index].absorb(item)
            mergedDuplicates += 1
        } else {
            indexByURL[key] = items.count
            items.append(item)
        }
    }

    package mutating func skip(_ location: ImportLocation, _ reason: ImportSkip.Reason, detail: String) {
        skipped.append(ImportSkip(location: location, reason: reason, detail: String(detail.prefix(200))))
    }

    /// Adds highlights to the item for `url`, if the batch has one; returns whether it had.
    package mutating func addHighlights(_ highlights: [ImportedHighlight], toURL url: String) -> Bool {
        let key = URLNormalizer.normalize(url.trimmingCharacters(in: .whitespacesAndNewlines)) ?? url
        guard let index = indexByURL[key] else { return false }
        items[index].addHighlights(highlights)
        return true
    }

    /// Keeps a highlight that names its article by title only (joined later by `joinLooseHighlights`).
    package mutating func addLooseHighlight(_ highlight: ImportedHighlight, title: String?, author: String?, location: ImportLocation) {
        looseHighlights.append(LooseHighlight(highlight: highlight, title: title, author: author, location: location))
    }

    /// Joins the loose highlights to the items of the same title (ignoring case); the others stay loose.
    package mutating func joinLooseHighlights() {
        var indexByTitle: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            if let title = item.title?.lowercased(), indexByTitle[title] == nil { indexByTitle[title] = index }
        }
        looseHighlights = looseHighlights.filter { loose in
            guard let title = loose.title?.lowercased(), let index = indexByTitle[title] else { return true }
            items[index].addHighlights([loose.highlight])
            return false
        }
    }

    /// The number of highlights (notes with a quote, or on a passage) in the batch.
    package var highlightCount: Int { items.reduce(0) { $0 + $1.highlights.count } + looseHighlights.count }
}
