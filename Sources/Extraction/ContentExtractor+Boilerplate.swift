/// Boilerplate that survives Readability's cleaning on sites it was not tuned for (issue 13):
/// comment threads, teaser lists, author boxes, call-to-action and newsletter boxes, and the
/// headings left behind once their link lists are gone. Each rule reads structure (class and id
/// words, repeated items, what follows a heading), not the wording of one site.
extension ContentExtractor {
    /// Class and id words that name a comment thread or a part of one (WordPress, Disqus and
    /// most themes: `#comments`, `.comment-list`, `#respond`, `#disqus_thread`).
    static let commentWords: Set<String> = [
        "comment", "comments", "commentlist", "comments-area", "comment-list", "comment-respond", "respond",
        "disqus", "disqus_thread", "replies", "reply", "discussion", "usercomments", "user-comments",
    ]
    /// Class and id words of boxes beside the text: author boxes, sign-up and call-to-action boxes,
    /// paywall and consent notices, tables of contents, "related" and "read more" blocks.
    static let boxWords: Set<String> = [
        "author-bio", "authorbio", "author-box", "authorbox", "about-author", "author-info", "author-card", "author-profile",
        "bio", "newsletter", "signup", "sign-up", "subscribe", "subscription", "optin", "opt-in", "cta", "call-to-action",
        "consent", "cookie", "cookies", "toc", "table-of-contents", "related", "related-posts", "relatedposts",
        "more-stories", "read-more", "readmore", "recommended", "share", "sharing", "social", "tags", "tag-list",
        "post-tags", "breadcrumb", "breadcrumbs",
    ]

    /// Removes the boilerplate rules of this file from the chosen content (after Readability's cleaning).
    func removeBoilerplate(_ content: HTMLNode) {
        let total = content.innerTextLength
        for node in content.descendantElements().reversed() where node.parent != nil {
            let name = HintPattern.matchString(node)
            let words = Self.classWords(name)
            if isComment(node, classWords: words) || Self.isSideBox(classWords: words) || isFurniture(node, name: name) {
                // A wrapper that holds most of the content is the article, whatever its name says.
                if node.innerTextLength * 2 < total { node.detach() }
            }
        }
        removeTeaserLists(content)
        removeOrphanHeadings(content)
    }

    /// Parts of class and id names that mark a block as page furniture (trafilatura's `OVERALL_DISCARD_XPATH` vocabulary,
    /// less the words that also name article bodies): navigation, share and social bars, sign-up and consent boxes,
    /// "related", "most read" and "more on" blocks, author boxes, buttons, ratings, overlays, disclaimers. Matched as substrings of the lowercased names:
    /// `site-navigation`, `editorial-disclaimer`, `allMostReadArticlesTeaserArea`.
    static let furnitureNameParts: [[UInt8]] = [
        "navbar", "avigation", "subnav", "navbox", "breadcrumb", "sidebar", "banner", "newsletter", "syndication", "social",
        "share-", "sociable", "tag-list", "consent", "most-popular", "mostpopular", "mostread", "most-read", "more-on", "-stories",
        "elated", "next-", "user-info", "user-profile", "article-infos", "timestamp", "paywall", "disclaimer", "disclosure", "author", "button",
        "menu", "overlay", "expand", "rating", "attachment",
    ].map { Array($0.utf8) }
    /// A word of class and id names that marks page furniture only as a whole word (between characters that are not
    /// letters or digits): `entry-meta` and `post_meta` are post metadata, `metafield-rich_text_field` (Shopify's article
    /// body) is not.
    static let furnitureNameWord = Array("meta".utf8)
    /// The blocks the furniture names are looked for on (not headings, links or pictures, whose names say less).
    static let furnitureTags: Set<String> = ["div", "section", "span", "p", "ul", "ol", "aside", "li"]

    /// Whether a block's class or id (its lowercased `HintPattern.matchString`) names page furniture
    /// (`furnitureNameParts`, `furnitureNameWord`).
    func isFurniture(_ node: HTMLNode, name: [UInt8]) -> Bool {
        guard !name.isEmpty, Self.furnitureTags.contains(node.tag) else { return false }
        return Self.furnitureNameParts.contains { name.contains($0) } || name.containsWord(Self.furnitureNameWord, separators: nil)
    }

    /// The class and id of a node split into lowercase words at white space (`post-tags main` → `post-tags`, `main`).
    static func classWords(_ node: HTMLNode) -> [Substring] {
        classWords(HintPattern.matchString(node))
    }

    /// The words of a `HintPattern.matchString`.
    static func classWords(_ name: [UInt8]) -> [Substring] {
        if name.isEmpty { return [] }
        return String(decoding: name, as: UTF8.self).split(separator: " ")
    }

    /// Whether the node is a comment thread or one comment: by class or id, by schema.org type, or WordPress's markup.
    /// - Parameter classWords: the node's `classWords`, when already split.
    func isComment(_ node: HTMLNode, classWords: [Substring]? = nil) -> Bool {
        if let type = node.attribute("itemtype"), type.hasSuffix("/Comment") || type.hasSuffix("/UserComments") { return true }
        return (classWords ?? Self.classWords(node)).contains { Self.commentWords.contains(String($0)) }
    }

    /// Whether a node's class or id (its `classWords`) names a box beside the text (author box, sign-up, related…).
    static func isSideBox(classWords: [Substring]) -> Bool {
        classWords.contains { boxWords.contains(String($0)) }
    }

    /// Removes lists of teasers: three or more items of the same tag, each mostly one link (with or without a
    /// picture and a line of summary), the shape of "related stories", "more from" and product grids.
    func removeTeaserLists(_ content: HTMLNode) {
        for node in content.descendantElements().reversed() where node.parent != nil {
            let items = node.elementChildren
            guard items.count >= 3 else { continue }
            let tag = items[0].tag
            guard items.allSatisfy({ $0.tag == tag }), !ContentExtractor.headingTags.contains(tag), tag != "p" else { continue }
            // Text between the items (a paragraph with three linked phrases in bold) makes the node prose, not a list.
            let itemsLength = items.reduce(0) { $0 + $1.innerTextLength }
            if (node.innerTextLength - itemsLength) * 2 > node.innerTextLength { continue }
            var teasers = 0
            for item in items where isTeaser(item) { teasers += 1 }
            if teasers * 5 >= items.count * 4 { node.detach() }
        }
    }

    /// An item that is a link to another page: short, with most of its text inside links, or a picture and a linked heading.
    private func isTeaser(_ item: HTMLNode) -> Bool {
        if isReferenceListItem(item) { return false }
        let length = item.innerTextLength
        let links = item.descendants(tag: "a").filter { link in
            guard let href = link.attribute("href") else { return false }
            return !href.hasPrefix("#")
        }
        guard !links.isEmpty else { return false }
        let hasPicture = !item.descendants(tags: ["img", "picture"]).isEmpty
        // A card: a picture, a heading and a link to another page, with at most a line of summary and a byline (the
        // heading linked), or nothing but the heading (the picture linked).
        if length < 600, hasPicture, let heading = item.descendants(tags: ContentExtractor.headingTags).first {
            if !heading.descendants(tag: "a").isEmpty || heading.innerTextLength * 2 >= length { return true }
        }
        guard length < 300 else { return false }
        if length == 0 { return !item.descendants(tag: "img").isEmpty }
        let linkLength = links.reduce(0) { $0 + $1.innerTextLength }
        if Double(linkLength) / Double(length) >= 0.5 { return true }
        let linkedHeading = item.descendants(tags: ContentExtractor.headingTags).contains { !$0.descendants(tag: "a").isEmpty }
        return hasPicture && linkedHeading
    }

    /// Removes headings that introduce nothing: no text follows them before the next heading of the same or a higher
    /// level, or the end. What they introduced ("Related", "More on this") was removed as boilerplate.
    func removeOrphanHeadings(_ content: HTMLNode) {
        var events: [(node: HTMLNode, level: Int, length: Int)] = []
        func walk(_ node: HTMLNode) {
            for child in node.children {
                if child.kind == .text {
                    let length = child.text.utf8.count { !($0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D)) }
                    if length > 0 { events.append((child, 0, length)) }
                } else if ContentExtractor.headingTags.contains(child.tag), let digit = child.tag.last?.wholeNumberValue {
                    events.append((child, digit, 0))
                } else if ["img", "picture", "video", "iframe", "table"].contains(child.tag) {
                    events.append((child, 0, 1))
                    if child.tag == "table" { walk(child) }
                } else {
                    walk(child)
                }
            }
        }
        walk(content)
        for (index, event) in events.enumerated() where event.level > 0 {
            var followed = false
            for next in events[(index + 1)...] {
                if next.level > 0 && next.level <= event.level { break }
                if next.level == 0 && next.length > 0 {
                    followed = true
                    break
                }
            }
            if !followed { event.node.detach() }
        }
    }
}
