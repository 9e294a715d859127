import Foundation

/// Cleaning the chosen content (Readability.js's `_prepArticle`): what survived the choice of
/// container but is not the article (forms, share bars, link lists, empty paragraphs) goes.
extension ContentExtractor {
    /// The elements whose text counts as text, not links or headings, for the conditional cleaning.
    static let textishElements = divToParagraphElements.union(["span", "li", "td"])
    /// The shortest block that `isProseDespiteName` reads as prose, in characters.
    static let proseMinimumLength = 200
    static let videoHosts = ["youtube", "youtu.be", "vimeo", "dailymotion", "player.twitch", "archive.org/embed", "upload.wikimedia.org"]

    func prepareArticle(_ content: HTMLNode) {
        markDataTables(content)
        cleanConditionally(content, tag: "form")
        cleanConditionally(content, tag: "fieldset")
        for tag in ["object", "embed", "link"] { clean(content, tag: tag) }
        // Landmarks beside the text go, unless one holds most of the content: then the article sits in it (a site
        // that puts its article column in an <aside>, a page that is one <footer>).
        let total = content.innerTextLength
        for node in content.descendants(tags: ContentExtractor.landmarkTags).reversed() where node.innerTextLength * 2 < total {
            node.detach()
        }

        for child in content.elementChildren {
            for node in child.descendantElements().reversed() where node.parent != nil {
                let matchString = HintPattern.matchString(node)
                if HintPattern.isShareElement(matchString) && node.innerTextLength < ContentExtractor.characterThreshold {
                    node.detach()
                }
            }
        }
        for tag in ["iframe", "input", "textarea", "select", "button"] { clean(content, tag: tag) }
        for heading in content.descendants(tags: ["h1", "h2"]) where classWeight(heading) < 0 {
            heading.detach()
        }
        // When the blocks a negative class name would remove are most of the content and read as prose, the name is the
        // site's scheme for every block (Elementor's `elementor-widget`, a CMS's `media-block`), not a sign of boilerplate.
        let namesAreLayout = proseLengthUnderNegativeNames(content) * 2 >= content.innerTextLength
        cleanConditionally(content, tag: "table", namesAreLayout: namesAreLayout)
        cleanConditionally(content, tag: "ul", namesAreLayout: namesAreLayout)
        cleanConditionally(content, tag: "div", namesAreLayout: namesAreLayout)
        // Captions and photo credits describe pictures the text does not show, unless the captions are the text: a
        // gallery whose story is told picture by picture.
        let captions = content.descendants(tag: "figcaption")
        if !ContentExtractor.isCaptionedGallery(captions: captions, contentLength: content.innerTextLength) {
            for caption in captions.reversed() { caption.detach() }
        }
        removeBylinesAndDates(content)
        removeAdLabels(content)
        removeLinkBlocks(content)
        if flags.contains(.cleanConditionally) { removeBoilerplate(content) }
        for heading in content.descendants(tag: "h1") { heading.rename("h2") }
        for paragraph in content.descendants(tag: "p").reversed() {
            let media = paragraph.descendants(tags: ["img", "embed", "object", "iframe"]).count
            if media == 0 && paragraph.innerTextLength == 0 { paragraph.detach() }
        }
        for br in content.descendants(tag: "br") {
            if let next = ContentExtractor.nextNonWhitespace(br.nextSibling), next.tag == "p" { br.detach() }
        }
        for table in content.descendants(tag: "table") {
            let body = hasSingleElement(table, tag: "tbody") ? table.firstElementChild ?? table : table
            guard hasSingleElement(body, tag: "tr"), let row = body.firstElementChild, hasSingleElement(row, tag: "td"),
                let cell = row.firstElementChild
            else { continue }
            cell.rename(cell.children.allSatisfy(ContentExtractor.isPhrasingContent) ? "p" : "div")
            table.replace(with: cell)
        }
    }

    /// Whether the figure captions hold more of the content's text than everything else: a gallery (a slideshow of
    /// costumes, "20 items we never knew we wanted") tells its story in them.
    static func isCaptionedGallery(captions: [HTMLNode], contentLength: Int) -> Bool {
        let captionLength = captions.reduce(0) { $0 + $1.innerTextLength }
        return captionLength * 2 > contentLength
    }

    private func hasSingleElement(_ node: HTMLNode, tag: String) -> Bool {
        let elements = node.elementChildren
        guard elements.count == 1, elements[0].tag == tag else { return false }
        return !node.children.contains { $0.kind == .text && !$0.text.allSatisfy(\.isWhitespace) }
    }

    /// Removes every `tag` element below `content`, except embedded videos.
    private func clean(_ content: HTMLNode, tag: String) {
        let isEmbed = tag == "object" || tag == "embed" || tag == "iframe"
        for node in content.descendants(tag: tag).reversed() {
            if isEmbed && isVideo(node) { continue }
            node.detach()
        }
    }

    private func isVideo(_ node: HTMLNode) -> Bool {
        for attribute in node.attributes {
            let value = attribute.value.lowercased()
            if ContentExtractor.videoHosts.contains(where: { value.contains($0) }) { return true }
        }
        return false
    }

    func markDataTables(_ content: HTMLNode) {
        for table in content.descendants(tag: "table") {
            table.isDataTable = isDataTable(table)
        }
    }

    private func isDataTable(_ table: HTMLNode) -> Bool {
        if table.attribute("role") == "presentation" { return false }
        if table.attribute("datatable") == "0" { return false }
        if let summary = table.attribute("summary"), !summary.isEmpty { return true }
        if let caption = table.descendants(tag: "caption").first, !caption.children.isEmpty { return true }
        if !table.descendants(tags: ["col", "colgroup", "tfoot", "thead", "th"]).isEmpty { return true }
        if !table.descendants(tag: "table").isEmpty { return false }
        var rows = 0
        var columns = 0
        for row in table.descendants(tag: "tr") {
            rows += Int(row.attribute("rowspan") ?? "") ?? 1
            var rowColumns = 0
            for cell in row.elementChildren where cell.tag == "td" {
                rowColumns += Int(cell.attribute("colspan") ?? "") ?? 1
            }
            columns = max(columns, rowColumns)
        }
        if rows == 1 || columns == 1 { return false }
        if rows >= 10 || columns > 4 { return true }
        return rows * columns > 10
    }

    /// Removes the `tag` elements that look like boilerplate: few commas and more links, images,
    /// list items or inputs than paragraphs, or a negative class.
    private func cleanConditionally(_ content: HTMLNode, tag: String, namesAreLayout: Bool = false) {
        guard flags.contains(.cleanConditionally) else { return }
        for node in content.descendants(tag: tag).reversed() where node.parent != nil {
            if shouldRemove(node, tag: tag, namesAreLayout: namesAreLayout) { node.detach() }
        }
    }

    /// The length of the text in the outermost `div`s below `node` that a negative class name would remove but that read
    /// as prose (`isProseDespiteName`).
    func proseLengthUnderNegativeNames(_ node: HTMLNode) -> Int {
        guard flags.contains(.cleanConditionally) else { return 0 }
        var total = 0
        for child in node.elementChildren {
            if child.tag == "div" && classWeight(child) < 0, case let length = child.innerTextLength, isProseDespiteName(child, length: length) {
                total += length
            } else {
                total += proseLengthUnderNegativeNames(child)
            }
        }
        return total
    }

    private func shouldRemove(_ node: HTMLNode, tag: String, namesAreLayout: Bool) -> Bool {
        if tag == "table" && node.isDataTable { return false }
        if node.hasAncestor(tag: "table", maxDepth: 0, where: { $0.isDataTable }) { return false }
        if node.hasAncestor(tag: "code", maxDepth: 0) { return false }
        if node.descendants(tag: "table").contains(where: { $0.isDataTable }) { return false }

        let metrics = node.textMetrics
        var isList = tag == "ul" || tag == "ol"
        if !isList {
            let listLength = node.descendants(tags: ["ul", "ol"]).reduce(0) { $0 + $1.innerTextLength }
            isList = metrics.length > 0 && Double(listLength) / Double(metrics.length) > 0.9
        }
        // A negative name says nothing when such names are the site's scheme for its text blocks (`namesAreLayout`).
        let weight = namesAreLayout ? max(classWeight(node), 0) : classWeight(node)
        if weight < 0 { return true }
        guard metrics.commas < 10 else { return false }

        let paragraphs = node.countDescendants(tag: "p")
        let images = node.countDescendants(tag: "img")
        let listItems = node.countDescendants(tag: "li") - 100
        let inputs = node.countDescendants(tag: "input")
        let headingDensity = textDensity(node, tags: ContentExtractor.headingTags, length: metrics.length)
        var embeds = 0
        for embed in node.descendants(tags: ["object", "embed", "iframe"]) {
            if isVideo(embed) { return false }
            embeds += 1
        }
        let innerText = node.innerText
        if ContentExtractor.isAdOrLoadingWord(innerText) { return true }
        let contentLength = metrics.length
        let density = linkDensityOutsideReferenceLists(node)
        let textDensity = textDensity(node, tags: ContentExtractor.textishElements, length: metrics.length)
        let isFigureChild = node.hasAncestor(tag: "figure", maxDepth: 0)

        var remove = false
        if !isFigureChild && images > 1 && Double(paragraphs) / Double(images) < 0.5 { remove = true }
        if !isList && listItems > paragraphs { remove = true }
        if inputs > paragraphs / 3 { remove = true }
        if !isList && !isFigureChild && headingDensity < 0.9 && contentLength < 25 && (images == 0 || images > 2) && density > 0 {
            remove = true
        }
        if !isList && weight < 25 && density > 0.2 { remove = true }
        if weight >= 25 && density > 0.5 { remove = true }
        if (embeds == 1 && contentLength < 75) || embeds > 1 { remove = true }
        if images == 0 && textDensity == 0 { remove = true }

        if isList && remove {
            // Keep simple lists of images.
            for child in node.elementChildren where child.elementChildren.count > 1 { return remove }
            if images == node.countDescendants(tag: "li") { return false }
        }
        return remove
    }

    /// Whether a block whose class or id has a negative hint (`widget`, `media`, `hidden`…) is prose all the same: 200
    /// characters or more, link density under 0.2, most of its text in paragraphs, and no name of a block that is never
    /// the article (the unlikely candidates and boilerplate names: comments, footers, related links, promotions).
    /// Editors wrap text in `ck-widget` grids and `media-block`s; Readability removes them for their name alone.
    func isProseDespiteName(_ node: HTMLNode, length: Int) -> Bool {
        guard length >= ContentExtractor.proseMinimumLength, linkDensity(node) < 0.2 else { return false }
        let name = HintPattern.matchString(node)
        if HintPattern.unlikelyCandidates.matches(name) || HintPattern.boilerplate.matches(name) { return false }
        return textDensity(node, tags: ["p"], length: length) >= 0.5
    }

    /// Removes short blocks that say who wrote the article or when ("By Jane Doe", "Updated 5:27 am"): metadata, not text.
    private func removeBylinesAndDates(_ content: HTMLNode) {
        let dateWords = ["date", "time", "timestamp", "published", "updated", "pubdate", "posted", "dateline"].map { Array($0.utf8) }
        for node in content.descendantElements().reversed() where node.parent != nil {
            let matchString = HintPattern.matchString(node)
            guard !matchString.isEmpty else { continue }
            let isMeta =
                HintPattern.byline.matches(matchString) || node.attribute("rel") == "author"
                || dateWords.contains { matchString.containsWord($0, separators: nil) }
            if isMeta && node.innerTextLength < 100 { node.detach() }
        }
    }

    /// Removes blocks whose whole text is an advertising label ("Advertisement", "Story continues below").
    private func removeAdLabels(_ content: HTMLNode) {
        let labels: Set<String> = [
            "advertisement", "advertising", "advert", "ad", "ads", "sponsored", "sponsored content", "anzeige", "werbung", "publicité",
            "continue reading below", "story continues below", "article continues below", "continue reading the main story",
        ]
        for node in content.descendantElements().reversed() where node.parent != nil && node.innerTextLength < 40 {
            if labels.contains(node.innerText.lowercased().trimmingCharacters(in: .punctuationCharacters)) { node.detach() }
        }
    }

    /// Removes short blocks that are mostly link text: "Read more", related stories, "Get X on the go by clicking here";
    /// a sentence that goes on in a link stays (see `isSentenceContinuedByLink`), and so do a linked heading over text
    /// of its own (see `isHeadingOfProse`) and a list item that links to other sites (see `isReferenceListItem`).
    private func removeLinkBlocks(_ content: HTMLNode) {
        for block in content.descendants(tags: ["p", "div", "li", "h2", "h3", "h4", "h5", "h6"]).reversed() where block.parent != nil {
            if block.innerTextLength < 200 && linkDensity(block) > 0.5 && !ContentExtractor.isSentenceContinuedByLink(block)
                && !isHeadingOfProse(block) && !isReferenceListItem(block)
            {
                block.detach()
            }
        }
    }

    /// Whether a heading (mostly a link: a listicle's item named by a link to it, a product, a chapter) heads text of its
    /// own: 200 characters or more in the blocks after it that are not mostly links, before the next heading of its level
    /// or a higher one. A teaser's heading has a line of summary at most; a heading over prose is the article's.
    func isHeadingOfProse(_ heading: HTMLNode) -> Bool {
        guard let level = ContentExtractor.headingLevel(heading) else { return false }
        var length = 0
        var next = heading.nextElementSibling
        while let current = next {
            if let other = ContentExtractor.headingLevel(current), other <= level { break }
            if linkDensity(current) <= 0.5 { length += current.innerTextLength }
            if length >= ContentExtractor.proseMinimumLength { return true }
            next = current.nextElementSibling
        }
        return false
    }

    /// Whether a list item (or a paragraph of one) links only to other sites than the page's: the article's own list of
    /// references, sources, patches or recommendations ("Many patches were sent for review:", "Empfehlungen:"). The
    /// lists a site adds beside its articles (related stories, more from the section, navigation) link to the site
    /// itself, by relative links or its own host.
    func isReferenceListItem(_ block: HTMLNode) -> Bool {
        guard let pageSite, block.tag == "li" || (block.tag == "p" && block.parent?.tag == "li") else { return false }
        let links = block.descendants(tag: "a")
        guard !links.isEmpty else { return false }
        for link in links {
            guard let href = link.attribute("href"), let url = URL(string: href), let host = url.host(),
                url.scheme == nil || url.scheme == "http" || url.scheme == "https"
            else { return false }
            let site = ContentExtractor.site(host)
            if site == pageSite || site.hasSuffix("." + pageSite) || pageSite.hasSuffix("." + site) { return false }
        }
        return true
    }

    /// The node's link density (as `linkDensity`) with the links of its reference list items (`isReferenceListItem`)
    /// counted as text: an article's own list of sources or patches is all link text, and the section that holds it went
    /// whole in the conditional cleaning with the prose that introduces it ("Many patches were sent for review:").
    func linkDensityOutsideReferenceLists(_ node: HTMLNode) -> Double {
        guard pageSite != nil else { return linkDensity(node) }
        let length = node.innerTextLength
        if length == 0 { return 0 }
        var references: [ObjectIdentifier: Bool] = [:]
        var linkLength = 0.0
        for link in node.descendants(tag: "a") {
            var ancestor = link.parent
            while let current = ancestor, current !== node, current.tag != "li" { ancestor = current.parent }
            if let item = ancestor, item !== node {
                let key = ObjectIdentifier(item)
                let isReference = references[key] ?? isReferenceListItem(item)
                references[key] = isReference
                if isReference { continue }
            }
            linkLength += ContentExtractor.linkTextLength(link)
        }
        return linkLength / Double(length)
    }

    /// A host without its `www.` and in lowercase: `www.Example.com` and `example.com` are the same site.
    static func site(_ host: String) -> String {
        let lowered = host.lowercased()
        return lowered.hasPrefix("www.") ? String(lowered.dropFirst(4)) : lowered
    }

    /// The level of an `h1`…`h6` element (1 to 6), nil for other elements.
    static func headingLevel(_ node: HTMLNode) -> Int? {
        guard headingTags.contains(node.tag) else { return nil }
        return node.tag.last?.wholeNumberValue
    }

    /// Whether a paragraph is a sentence that begins in plain text and goes on in a link ("Jane Doe replaced John Roe,
    /// <a>who led the team for eight years.</a>"): text, even when most of it is link text. A teaser or a call to action
    /// has no words of its own before its link, or ends them first ("Read more: <a>…</a>", "We use cookies.
    /// <a>Learn more</a>."): the plain text before the first link must be three words or more and end mid-sentence (a
    /// letter, a digit or a comma), and the paragraph must end a sentence.
    static func isSentenceContinuedByLink(_ block: HTMLNode) -> Bool {
        guard block.tag == "p", let last = block.innerText.last, last == "." || last == "!" || last == "?" else { return false }
        var before = ""
        var reachedLink = false
        func collectText(_ node: HTMLNode) {
            for child in node.children where !reachedLink {
                if child.kind == .text {
                    before += child.text
                } else if child.tag == "a" {
                    reachedLink = true
                } else {
                    collectText(child)
                }
            }
        }
        collectText(block)
        let lead = TextMetrics.normalize(before)
        guard reachedLink, let end = lead.last, end.isLetter || end.isNumber || end == "," else { return false }
        return lead.split(separator: " ").count { $0.contains(where: \.isLetter) } >= 3
    }

    /// The share of the node's text inside descendants with the given tags.
    private func textDensity(_ node: HTMLNode, tags: Set<String>, length: Int) -> Double {
        if length == 0 { return 0 }
        let childrenLength = node.descendants(tags: tags).reduce(0) { $0 + $1.innerTextLength }
        return Double(childrenLength) / Double(length)
    }

    /// Text that is only "Advertisement" or "Loading…" in one of a few languages.
    static func isAdOrLoadingWord(_ text: String) -> Bool {
        // The longest word is 13 scalars and lowercasing never makes fewer: longer text (in UTF-8, 4 bytes a scalar at
        // most) is not lowercased at all.
        guard text.utf8.count <= 4 * 13 else { return false }
        let lowered = text.lowercased()
        if adWords.contains(lowered) { return true }
        for word in loadingWords {
            if lowered == word || lowered == word + "…" || lowered == word + "..." { return true }
        }
        return false
    }

    private static let adWords: Set<String> = [
        "ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告", "реклама", "anuncio",
    ]
    private static let loadingWords = ["loading", "正在加载", "загрузка", "chargement", "cargando"]
}
