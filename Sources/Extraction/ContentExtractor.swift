/// Finds the main content of a page: scores the blocks that hold text, picks the best container
/// and its related siblings, then cleans out what is left of the boilerplate (Readability.js's
/// `_grabArticle` and `_prepArticle`, ported to the `HTMLNode` tree).
struct ContentExtractor {
    /// Which of the heuristics are on; an attempt that finds too little text runs again with one fewer.
    struct Flags: OptionSet {
        let rawValue: Int
        /// Remove elements whose class or id says they are boilerplate before scoring.
        static let stripUnlikely = Flags(rawValue: 1)
        /// Let class and id names add to or take from scores.
        static let weightClasses = Flags(rawValue: 2)
        /// Remove tables, lists and divs that look like boilerplate after picking the content.
        static let cleanConditionally = Flags(rawValue: 4)
        static let all: Flags = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    /// Content shorter than this (in characters) makes the extractor try again with fewer heuristics.
    static let characterThreshold = 500
    /// How many best-scoring candidates are kept to look for a common ancestor.
    static let topCandidateCount = 5

    static let tagsToScore: Set<String> = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]
    static let divToParagraphElements: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]
    static let alterToDivExceptions: Set<String> = ["div", "article", "section", "p", "ol", "ul"]
    static let landmarkTags: Set<String> = ["nav", "footer", "aside"]
    static let unlikelyRoles: Set<String> = ["contentinfo", "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]
    static let phrasingElements: Set<String> = [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img", "input",
        "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp", "script",
        "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    ]
    /// How many levels above the chosen block's parent `openingBlocks` looks (a fourth level took blocks before the
    /// article's column on the development pages).
    static let openingLevels = 3
    /// The blocks `isProseBlock` reads.
    static let proseBlockTags: Set<String> = ["div", "section", "article"]
    static let headingTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// The article's title, to drop a heading inside the content that repeats it.
    let articleTitle: String
    /// Whether the page's metadata already names the author (then bylines in the content are not looked for).
    let hasMetadataByline: Bool
    /// The host of the page's URL without `www.` (nil when the URL is not known), to tell links to other sites.
    let pageSite: String?
    var flags: Flags = .all
    /// The byline found in the content (an element with `rel=author`, `itemprop=author` or a byline class).
    private(set) var byline: String?
    /// Whether the last attempt removed, as an unlikely candidate, an element that held the page's title heading and more
    /// than half of its prose (500 characters or more).
    private var removedMostProse = false

    init(articleTitle: String, hasMetadataByline: Bool, pageHost: String? = nil) {
        self.articleTitle = articleTitle
        self.hasMetadataByline = hasMetadataByline
        self.pageSite = pageHost.map(ContentExtractor.site)
    }

    /// The article content of `body` (a prepared page body, see `prepare`), trying with fewer heuristics while it is too short.
    /// Returns nil when no attempt finds any text.
    mutating func extract(body: HTMLNode) -> HTMLNode? {
        var attempts: [(content: HTMLNode, length: Int, byline: String?)] = []
        flags = .all
        while true {
            byline = nil
            let page = body.clone()
            let content = grabArticle(page: page)
            let length = content.innerTextLength
            // An attempt that removed most of the page's prose by its name found something else: the retry without
            // the names decides, as for a short attempt (the longest attempt wins if no later one is long enough).
            if length >= ContentExtractor.characterThreshold && !removedMostProse {
                return content
            }
            attempts.append((content, length, byline))
            if flags.contains(.stripUnlikely) {
                flags.remove(.stripUnlikely)
            } else if flags.contains(.weightClasses) {
                flags.remove(.weightClasses)
            } else if flags.contains(.cleanConditionally) {
                flags.remove(.cleanConditionally)
            } else {
                guard let best = attempts.max(by: { $0.length < $1.length }), best.length > 0 else { return nil }
                byline = best.byline
                return best.content
            }
        }
    }

    // MARK: Preparing the page

    /// Removes what is never content (scripts, styles, templates), turns `<br><br>` runs into paragraphs
    /// and `<font>` into `<span>` (Readability's `_removeScripts` and `_prepDocument`).
    /// - Parameter keepingNoscript: keep what `<noscript>` elements hold, as a browser without JavaScript shows it.
    static func prepare(_ root: HTMLNode, keepingNoscript: Bool = false) {
        if keepingNoscript {
            for node in root.descendants(tag: "noscript") { node.rename("div") }
        }
        for node in root.descendants(tags: ["script", "noscript", "style", "template", "link"]).reversed() {
            node.detach()
        }
        // A `javascript:` link leads nowhere outside the page, and a link into the page that says it is a button
        // (`<a href="#" role="button">`: an accordion's question, a tab) opens a part of it: their text is plain text
        // (and must not count as link text).
        for link in root.descendants(tag: "a") where isScriptLink(link) {
            link.rename("span")
            link.attributes.removeAll { $0.name == "href" }
        }
        replaceBreaks(in: root)
        for font in root.descendants(tag: "font") { font.rename("span") }
    }

    /// Whether a link is a script's handle, not a link to another page: `javascript:`, or a button by its ARIA role that
    /// points into the page.
    static func isScriptLink(_ link: HTMLNode) -> Bool {
        guard let href = link.attribute("href") else { return false }
        if href.lowercased().hasPrefix("javascript:") { return true }
        return href.hasPrefix("#") && link.attribute("role") == "button"
    }

    private static func replaceBreaks(in root: HTMLNode) {
        for br in root.descendants(tag: "br") {
            guard br.parent != nil else { continue }
            var next = nextNonWhitespace(br.nextSibling)
            var replaced = false
            while let current = next, current.tag == "br" {
                replaced = true
                let sibling = current.nextSibling
                current.detach()
                next = nextNonWhitespace(sibling)
            }
            guard replaced, let parent = br.parent else { continue }
            let paragraph = HTMLNode(element: "p")
            br.replace(with: paragraph)
            var node = paragraph.nextSibling
            while let current = node {
                if current.tag == "br", let after = nextNonWhitespace(current.nextSibling), after.tag == "br" { break }
                if !isPhrasingContent(current) { break }
                let sibling = current.nextSibling
                paragraph.append(current)
                node = sibling
            }
            while let last = paragraph.children.last, isWhitespace(last) { last.detach() }
            if parent.tag == "p" { parent.rename("div") }
        }
    }

    /// The node itself or the first sibling after it that is an element or text with more than whitespace.
    static func nextNonWhitespace(_ node: HTMLNode?) -> HTMLNode? {
        var next = node
        while let current = next, current.kind == .text, current.text.allSatisfy(\.isWhitespace) {
            next = current.nextSibling
        }
        return next
    }

    static func isPhrasingContent(_ node: HTMLNode) -> Bool {
        if node.kind == .text { return true }
        if phrasingElements.contains(node.tag) { return true }
        if node.tag == "a" || node.tag == "del" || node.tag == "ins" {
            return node.children.allSatisfy(isPhrasingContent)
        }
        return false
    }

    static func isWhitespace(_ node: HTMLNode) -> Bool {
        if node.kind == .text { return node.text.allSatisfy(\.isWhitespace) }
        return node.tag == "br"
    }

    // MARK: Scoring

    private mutating func grabArticle(page: HTMLNode) -> HTMLNode {
        var elementsToScore: [HTMLNode] = []
        var shouldRemoveTitleHeader = true
        // The <article> that holds the title heading, found before the walk below removes headers and the heading itself
        // (only on pages of several articles, where it is needed).
        let titledArticle =
            page.countDescendants(tag: "article") < 2
            ? nil : page.descendants(tags: ["h1", "h2"]).first(where: headerDuplicatesTitle)?.ancestors().first { $0.tag == "article" }
        let standfirst = Standfirst(page: page, isTitle: headerDuplicatesTitle)
        var node: HTMLNode? = page.firstElementChild
        let stripUnlikely = flags.contains(.stripUnlikely)
        removedMostProse = false
        var pageProse: Int?
        let panelControllers = ContentExtractor.panelControllers(page)

        while let current = node {
            if !isProbablyVisible(current) && !ContentExtractor.isDisclosurePanel(current, controllers: panelControllers) {
                node = removeAndGetNext(current)
                continue
            }
            if current.attribute("aria-modal") == "true" && current.attribute("role") == "dialog" {
                node = removeAndGetNext(current)
                continue
            }
            let matchString = HintPattern.matchString(current)
            if byline == nil && !hasMetadataByline && checkByline(current, matchString: matchString) {
                node = removeAndGetNext(current)
                continue
            }
            if shouldRemoveTitleHeader && headerDuplicatesTitle(current) {
                shouldRemoveTitleHeader = false
                node = removeAndGetNext(current)
                continue
            }
            if stripUnlikely {
                let isUnlikely = HintPattern.unlikelyCandidates.matches(matchString) || HintPattern.boilerplate.matches(matchString)
                if isUnlikely && !HintPattern.maybeCandidate.matches(matchString) && !current.hasAncestor(tag: "table", maxDepth: 0)
                    && !current.hasAncestor(tag: "code", maxDepth: 0) && current.tag != "body" && current.tag != "a"
                {
                    // A byline block ("By Jane Doe · March 11") or a caption box goes as boilerplate, but an author the markup
                    // names inside it (rel=author, itemprop=author) is still the byline.
                    if byline == nil && !hasMetadataByline {
                        for descendant in current.descendantElements() where checkByline(descendant, matchString: [], markupOnly: true) {
                            break
                        }
                    }
                    if !removedMostProse && !isComment(current) {
                        let prose = proseLength(current)
                        if prose >= ContentExtractor.characterThreshold {
                            let total = pageProse ?? proseLength(page)
                            pageProse = total
                            removedMostProse = prose * 2 > total && current.descendants(tags: ["h1", "h2"]).contains(where: headerDuplicatesTitle)
                        }
                    }
                    node = removeAndGetNext(current)
                    continue
                }
                // Landmarks that are never the article: the page's navigation, its footer, and asides (where an
                // author the markup names is still the byline, as for the unlikely candidates above).
                if ContentExtractor.landmarkTags.contains(current.tag) {
                    if byline == nil && !hasMetadataByline {
                        for descendant in current.descendantElements() where checkByline(descendant, matchString: [], markupOnly: true) {
                            break
                        }
                    }
                    node = removeAndGetNext(current)
                    continue
                }
                if let role = current.attribute("role"), ContentExtractor.unlikelyRoles.contains(role) {
                    node = removeAndGetNext(current)
                    continue
                }
            }
            if ["div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6"].contains(current.tag) && isElementWithoutContent(current) {
                node = removeAndGetNext(current)
                continue
            }
            if ContentExtractor.tagsToScore.contains(current.tag) {
                elementsToScore.append(current)
            }
            var next = current
            if current.tag == "div" {
                wrapPhrasingContent(in: current)
                if hasSingleTagInside(current, tag: "p"), linkDensity(current) < 0.25, let paragraph = current.firstElementChild {
                    current.replace(with: paragraph)
                    next = paragraph
                    elementsToScore.append(paragraph)
                } else if !hasChildBlockElement(current) {
                    current.rename("p")
                    elementsToScore.append(current)
                }
            }
            node = next.nextElement(skippingChildren: false)
        }

        var candidates: [HTMLNode] = []
        for element in elementsToScore {
            guard let parent = element.parent, parent.isElement else { continue }
            let metrics = element.textMetrics
            if metrics.length < 25 { continue }
            let ancestors = element.ancestors(limit: 5)
            if ancestors.isEmpty { continue }
            var contentScore = 1.0
            // In a list of short lines ("Jane Doe, Yale University" a line) commas separate fields, not clauses: counted,
            // they let a letter's list of signatories outscore the letter.
            let isList = metrics.commas >= 10 && ContentExtractor.isListOfShortLines(element, length: metrics.length)
            let commas = isList ? 0 : metrics.commas
            contentScore += Double(commas + 1)
            contentScore += Double(min(metrics.length / 100, 3))
            for (level, ancestor) in ancestors.enumerated() {
                guard ancestor.parent != nil else { continue }
                if ancestor.score == nil {
                    initialize(ancestor)
                    candidates.append(ancestor)
                }
                let divider: Double = level == 0 ? 1 : level == 1 ? 2 : Double(level * 3)
                ancestor.score = (ancestor.score ?? 0) + contentScore / divider
            }
        }

        var topCandidates: [HTMLNode] = []
        for candidate in candidates {
            let score = (candidate.score ?? 0) * (1 - linkDensity(candidate))
            candidate.score = score
            if let index = topCandidates.firstIndex(where: { score > ($0.score ?? 0) }) {
                topCandidates.insert(candidate, at: index)
                if topCandidates.count > ContentExtractor.topCandidateCount { topCandidates.removeLast() }
            } else if topCandidates.count < ContentExtractor.topCandidateCount {
                topCandidates.append(candidate)
            }
        }

        let topCandidate: HTMLNode
        if let best = topCandidates.first, best.tag != "body", best.parent != nil {
            if let titled = bestCandidate(in: titledArticle, insteadOf: best, candidates: candidates) {
                topCandidate = titled
            } else {
                topCandidate = expandToRepeatedSections(refine(best, topCandidates: topCandidates))
            }
        } else {
            // No candidate: everything in the body is the content.
            let container = HTMLNode(element: "div")
            container.adoptChildren(of: page)
            page.append(container)
            initialize(container)
            topCandidate = container
        }

        let content = HTMLNode(element: "div")
        let lead = standfirst?.paragraphs(before: topCandidate) ?? []
        // Taken before the siblings move: the chosen block's ancestors are still in the page.
        let opening = openingBlocks(above: topCandidate)
        appendSiblings(of: topCandidate, to: content)
        for (index, block) in opening.enumerated() {
            if !ContentExtractor.alterToDivExceptions.contains(block.tag) { block.rename("div") }
            content.insert(block, at: index)
        }
        prepareArticle(content)
        // Only to content long enough to be kept: a short attempt must stay short, so that the next one runs.
        if content.innerTextLength >= ContentExtractor.characterThreshold { standfirst?.insert(lead, into: content) }
        return content
    }

    /// A better node than the best candidate when several top candidates share an ancestor, or when a parent scores higher.
    private mutating func refine(_ best: HTMLNode, topCandidates: [HTMLNode]) -> HTMLNode {
        var topCandidate = best
        let bestScore = best.score ?? 0
        var alternativeAncestors: [[HTMLNode]] = []
        for candidate in topCandidates.dropFirst() where bestScore > 0 && (candidate.score ?? 0) / bestScore >= 0.75 {
            alternativeAncestors.append(candidate.ancestors())
        }
        let minimumTopCandidates = 3
        if alternativeAncestors.count >= minimumTopCandidates {
            var parent = topCandidate.parent
            while let current = parent, current.tag != "body", current.parent != nil {
                let lists = alternativeAncestors.filter { list in list.contains { $0 === current } }.count
                if lists >= minimumTopCandidates {
                    topCandidate = current
                    break
                }
                parent = current.parent
            }
        }
        if topCandidate.score == nil { initialize(topCandidate) }

        var parent = topCandidate.parent
        var lastScore = topCandidate.score ?? 0
        let scoreThreshold = lastScore / 3
        while let current = parent, current.tag != "body", current.parent != nil {
            guard let parentScore = current.score else {
                parent = current.parent
                continue
            }
            if parentScore < scoreThreshold { break }
            if parentScore > lastScore {
                topCandidate = current
                break
            }
            lastScore = parentScore
            parent = current.parent
        }

        parent = topCandidate.parent
        while let current = parent, current.tag != "body", current.parent != nil, current.elementChildren.count == 1 {
            topCandidate = current
            parent = current.parent
        }
        if topCandidate.score == nil { initialize(topCandidate) }
        return topCandidate
    }

    /// On a page of several articles one after another (a site that loads the next story as the reader scrolls), the
    /// best candidate inside the `<article>` that holds the page's title heading, when the best candidate overall sits in
    /// another `<article>`: the longest story of the page is not always the one the page is about.
    private func bestCandidate(in titled: HTMLNode?, insteadOf best: HTMLNode, candidates: [HTMLNode]) -> HTMLNode? {
        guard let titled, titled.parent != nil,
            let chosen = best.tag == "article" ? best : best.ancestors().first(where: { $0.tag == "article" }), chosen !== titled,
            !titled.ancestors().contains(where: { $0 === chosen }), !chosen.ancestors().contains(where: { $0 === titled }),
            titled.innerTextLength >= ContentExtractor.characterThreshold
        else { return nil }
        let inside = candidates.filter { $0 === titled || $0.ancestors().contains { $0 === titled } }
        return inside.max { ($0.score ?? 0) < ($1.score ?? 0) }
    }

    /// The container of the sections the top candidate is one of: when it (or its parent or grandparent) has siblings of
    /// the same tag and class that also hold paragraphs of text (AsciiDoc's `sect1`s, a CMS's text blocks), the article
    /// is all of them, not the one that scored best. Lists of teasers have the same shape but little text without links.
    private func expandToRepeatedSections(_ candidate: HTMLNode) -> HTMLNode {
        var level = candidate
        for _ in 0..<ContentExtractor.openingLevels {
            guard let parent = level.parent, parent.tag != "body", parent.parent != nil else { break }
            let className = level.className
            if !className.isEmpty {
                let similar = parent.elementChildren.filter { $0 !== level && $0.tag == level.tag && $0.className == className }
                let substantial = similar.filter { $0.innerTextLength >= 200 && linkDensity($0) < 0.25 }
                if !substantial.isEmpty && substantial.count * 2 >= similar.count {
                    if parent.score == nil { initialize(parent) }
                    return parent
                }
            }
            level = parent
        }
        return candidate
    }

    /// Moves the top candidate, and those of its siblings that look like part of the same article, into `content`.
    private func appendSiblings(of topCandidate: HTMLNode, to content: HTMLNode) {
        let topScore = topCandidate.score ?? 0
        let threshold = max(10, topScore * 0.2)
        guard let parent = topCandidate.parent else {
            content.append(topCandidate)
            return
        }
        let topClass = topCandidate.className
        var passedTop = false
        for sibling in parent.elementChildren {
            var append = false
            if sibling === topCandidate {
                append = true
                passedTop = true
            } else {
                var bonus = 0.0
                if !topClass.isEmpty && sibling.className == topClass { bonus += topScore * 0.2 }
                if let score = sibling.score, score + bonus >= threshold {
                    append = true
                } else if sibling.tag == "p" {
                    let density = linkDensity(sibling)
                    let text = sibling.innerText
                    let length = sibling.innerTextLength
                    if length > 80 && density < 0.25 {
                        append = true
                    } else if length < 80 && length > 0 && density == 0 && ContentExtractor.endsSentence(text) {
                        append = true
                    }
                } else if !passedTop && isProseBlock(sibling) {
                    // The article's opening paragraphs in a block of their own before the body's (a page builder's
                    // text block, an intro section): a block scores by its best paragraphs, and an intro of a few
                    // paragraphs fell under a fifth of a long body's score.
                    append = true
                }
            }
            if append {
                if !ContentExtractor.alterToDivExceptions.contains(sibling.tag) { sibling.rename("div") }
                content.append(sibling)
            }
        }
    }

    /// The article's opening blocks that sit before an ancestor of the chosen block: prose blocks (`isProseBlock`) before
    /// its parent, grandparent or great-grandparent, among their siblings, in document order. Page builders nest the
    /// body a few containers deep (a section, its inner wrapper, a text widget) and put the intro in another section
    /// before it; the siblings of the chosen block are the body's own blocks only.
    func openingBlocks(above candidate: HTMLNode) -> [HTMLNode] {
        var blocks: [HTMLNode] = []
        var level = candidate.parent
        for _ in 0..<ContentExtractor.openingLevels {
            guard let current = level, let parent = current.parent, parent.tag != "body", current.tag != "body" else { break }
            var before: [HTMLNode] = []
            for sibling in parent.elementChildren {
                if sibling === current { break }
                if isProseBlock(sibling) { before.append(sibling) }
            }
            blocks.insert(contentsOf: before, at: 0)
            level = parent
        }
        return blocks
    }

    /// Whether a block is prose: a `div`, `section` or `article` of 200 characters or more, link density under 0.25,
    /// with two paragraphs of 80 characters or more that hold half of its text or more. A title and its standfirst, a
    /// summary box or a caption have one paragraph at most.
    func isProseBlock(_ node: HTMLNode) -> Bool {
        guard ContentExtractor.proseBlockTags.contains(node.tag) else { return false }
        let length = node.innerTextLength
        guard length >= ContentExtractor.proseMinimumLength, linkDensity(node) < 0.25 else { return false }
        let paragraphs = node.descendants(tag: "p").filter { $0.innerTextLength >= 80 }
        let paragraphLength = paragraphs.reduce(0) { $0 + $1.innerTextLength }
        return paragraphs.count >= 2 && paragraphLength * 2 >= length
    }

    /// Whether the element is ten or more lines split by `<br>`, under 50 characters each on average: a list, not prose.
    static func isListOfShortLines(_ element: HTMLNode, length: Int) -> Bool {
        let breaks = element.countDescendants(tag: "br")
        return breaks >= 10 && length / (breaks + 1) < 50
    }

    /// Readability's `/\.( |$)/`: a full stop followed by a space or the end.
    static func endsSentence(_ text: String) -> Bool {
        var previousWasDot = false
        for character in text {
            if previousWasDot && character == " " { return true }
            previousWasDot = character == "."
        }
        return previousWasDot
    }

    private func initialize(_ node: HTMLNode) {
        var score = 0.0
        switch node.tag {
        case "div": score += 5
        case "pre", "td", "blockquote": score += 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score -= 3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score -= 5
        default: break
        }
        score += Double(classWeight(node))
        node.score = score
    }

    func classWeight(_ node: HTMLNode) -> Int {
        guard flags.contains(.weightClasses) else { return 0 }
        var weight = 0
        let className = node.className
        if !className.isEmpty {
            let bytes = HintPattern.lowercasedBytes(className)
            if HintPattern.negative.matches(bytes) { weight -= 25 }
            if HintPattern.positive.matches(bytes) { weight += 25 }
        }
        let id = node.id
        if !id.isEmpty {
            let bytes = HintPattern.lowercasedBytes(id)
            if HintPattern.negative.matches(bytes) { weight -= 25 }
            if HintPattern.positive.matches(bytes) { weight += 25 }
        }
        return weight
    }

    /// The length of the text in the `p` elements below the node whose link density is under 0.25, outside comment
    /// threads (its prose).
    func proseLength(_ node: HTMLNode) -> Int {
        var length = 0
        for child in node.children where child.isElement && !isComment(child) {
            if child.tag == "p" {
                if linkDensity(child) < 0.25 { length += child.innerTextLength }
            } else {
                length += proseLength(child)
            }
        }
        return length
    }

    /// The share of the node's text that is link text (links to fragments of the same page count 30 %).
    func linkDensity(_ node: HTMLNode) -> Double {
        let length = node.innerTextLength
        if length == 0 { return 0 }
        let linkLength = node.descendants(tag: "a").reduce(0) { $0 + ContentExtractor.linkTextLength($1) }
        return linkLength / Double(length)
    }

    /// The length of a link's text as link density counts it: a link to a fragment of the same page counts 30 %.
    static func linkTextLength(_ link: HTMLNode) -> Double {
        let href = link.attribute("href") ?? ""
        let coefficient = href.hasPrefix("#") && href.count > 1 ? 0.3 : 1
        return Double(link.innerTextLength) * coefficient
    }

    // MARK: Node tests

    private func isProbablyVisible(_ node: HTMLNode) -> Bool {
        if let style = node.attribute("style") {
            let compact = HintPattern.lowercasedBytes(style).filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }
            if compact.contains(Array("display:none".utf8)) || compact.contains(Array("visibility:hidden".utf8)) { return false }
        }
        if node.attribute("hidden") != nil && !ContentExtractor.isStreamedContent(node) { return false }
        if node.attribute("aria-hidden") == "true" && !node.className.contains("fallback-image") { return false }
        return true
    }

    /// The elements that say which parts of the page they show and hide (`aria-controls`), by the ids of those parts.
    static func panelControllers(_ page: HTMLNode) -> [String: [HTMLNode]] {
        var controllers: [String: [HTMLNode]] = [:]
        for element in page.descendantElements() {
            guard let controls = element.attribute("aria-controls") else { continue }
            for id in controls.split(whereSeparator: \.isWhitespace) { controllers[String(id), default: []].append(element) }
        }
        return controllers
    }

    /// Whether a hidden node is the collapsed panel of a disclosure (an accordion's answer, a "show the steps" section):
    /// the element just before it (or something inside that element) controls it, by `aria-controls` naming its id or
    /// the id of its only child, and holds little more than that control. The reader opens such a panel where it stands;
    /// a panel controlled from elsewhere (a flyout's toolbar, a menu button among the links of the page's header) is page
    /// furniture and stays hidden.
    static func isDisclosurePanel(_ node: HTMLNode, controllers: [String: [HTMLNode]]) -> Bool {
        guard !controllers.isEmpty, let previous = node.previousElementSibling else { return false }
        var ids = [node.id]
        let children = node.elementChildren
        if children.count == 1 { ids.append(children[0].id) }
        for id in ids where !id.isEmpty {
            for controller in controllers[id] ?? [] where controller === previous || controller.hasAncestor(previous) {
                // The element before is the control and its wrapper (a heading, an icon), not a toolbar or a header.
                if controller.innerTextLength * 2 >= previous.innerTextLength { return true }
            }
        }
        return false
    }

    /// Whether the node is content a React server streams in (`<div hidden id="S:0">`): hidden in the HTML, it is
    /// moved into the page by a script as soon as it arrives, so a browser shows it.
    static func isStreamedContent(_ node: HTMLNode) -> Bool {
        let id = node.id
        guard id.hasPrefix("S:") else { return false }
        let number = id.dropFirst(2)
        return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
    }

    /// Whether the node is the article's byline (then it is recorded): `rel=author`, `itemprop=author`, or, unless
    /// `markupOnly`, a byline class or id; with fewer than 100 characters of text.
    private mutating func checkByline(_ node: HTMLNode, matchString: [UInt8], markupOnly: Bool = false) -> Bool {
        let rel = node.attribute("rel")
        let itemprop = node.attribute("itemprop") ?? ""
        let hinted = !markupOnly && HintPattern.byline.matches(matchString)
        guard rel == "author" || itemprop.contains("author") || hinted else { return false }
        // Prefer the name inside a byline block ("By <span itemprop=name>Jane Doe</span>").
        var text = node.textContent.trimmingASCIIWhitespace()
        guard !text.isEmpty, text.count < 100 else { return false }
        if let name = node.descendants(tag: "span").first(where: { $0.attribute("itemprop") == "name" })
            ?? node.elementChildren.first(where: {
                $0.attribute("itemprop") == "name"
            })
        {
            let nameText = name.textContent.trimmingASCIIWhitespace()
            if !nameText.isEmpty { text = nameText }
        }
        guard !text.isEmpty, text.count < 100 else { return false }
        byline = TextMetrics.normalize(text)
        return true
    }

    private func headerDuplicatesTitle(_ node: HTMLNode) -> Bool {
        guard node.tag == "h1" || node.tag == "h2" else { return false }
        return ArticleTitle.similarity(articleTitle, node.textContent.trimmingASCIIWhitespace()) > 0.75
    }

    private func isElementWithoutContent(_ node: HTMLNode) -> Bool {
        guard !node.hasText else { return false }
        let children = node.elementChildren
        if children.isEmpty { return true }
        return children.count == node.countDescendants(tag: "br") + node.countDescendants(tag: "hr")
    }

    private func hasSingleTagInside(_ node: HTMLNode, tag: String) -> Bool {
        let elements = node.elementChildren
        guard elements.count == 1, elements[0].tag == tag else { return false }
        return !node.children.contains { $0.kind == .text && !$0.text.allSatisfy(\.isWhitespace) }
    }

    private func hasChildBlockElement(_ node: HTMLNode) -> Bool {
        node.children.contains { child in
            child.isElement && (ContentExtractor.divToParagraphElements.contains(child.tag) || hasChildBlockElement(child))
        }
    }

    /// Wraps each run of inline content directly inside a `div` in a `<p>` (Readability does this before scoring).
    private func wrapPhrasingContent(in div: HTMLNode) {
        var paragraph: HTMLNode?
        var index = 0
        while index < div.children.count {
            let child = div.children[index]
            if ContentExtractor.isPhrasingContent(child) {
                if let paragraph {
                    paragraph.append(child)
                    continue  // the child left `div.children`: the same index is the next child
                } else if !ContentExtractor.isWhitespace(child) {
                    let newParagraph = HTMLNode(element: "p")
                    child.replace(with: newParagraph)
                    newParagraph.append(child)
                    paragraph = newParagraph
                }
            } else if let current = paragraph {
                while let last = current.children.last, ContentExtractor.isWhitespace(last) { last.detach() }
                paragraph = nil
            }
            index += 1
        }
        if let current = paragraph {
            while let last = current.children.last, ContentExtractor.isWhitespace(last) { last.detach() }
        }
    }

    /// Whether the page holds at least `characterThreshold` characters of text inside `<noscript>` elements: some
    /// pages write their article with a script and give it in `<noscript>` for browsers without one.
    static func hasNoscriptText(_ root: HTMLNode) -> Bool {
        guard root.countDescendants(tag: "noscript") > 0 else { return false }
        var metrics = TextMetrics()
        for node in root.descendants(tag: "noscript") {
            metrics.add(node)
            if metrics.length >= characterThreshold { return true }
        }
        return false
    }

    /// The next element after the node's subtree; the node is removed. (The page being walked is a detached
    /// copy of the body, so the walk ends at its last element.)
    private func removeAndGetNext(_ node: HTMLNode) -> HTMLNode? {
        let next = node.nextElement(skippingChildren: true)
        node.detach()
        return next
    }
}
