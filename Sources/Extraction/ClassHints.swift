/// The class and id patterns that mark an element as likely content or likely boilerplate
/// (Readability.js's `REGEXPS`), matched as lowercase substrings over bytes: regular expressions
/// would cost more than the rest of the scoring on pages with thousands of elements.
struct HintPattern {
    private let needles: [[UInt8]]
    /// Words that only count as whole words (Readability's `^hid$| hid$| hid |^hid `).
    private let words: [[UInt8]]

    init(_ needles: [String], words: [String] = []) {
        self.needles = needles.map { Array($0.utf8) }
        self.words = words.map { Array($0.utf8) }
    }

    /// Whether the class-and-id string (already lowercased by `HintPattern.matchString`) matches.
    func matches(_ haystack: [UInt8]) -> Bool {
        if haystack.isEmpty { return false }
        for needle in needles where haystack.contains(needle) { return true }
        for word in words where haystack.containsWord(word, separators: [0x20]) { return true }
        return false
    }

    /// The lowercased `class id` string Readability matches against.
    static func matchString(_ node: HTMLNode) -> [UInt8] {
        let className = node.className
        let id = node.id
        if className.isEmpty && id.isEmpty { return [] }
        var bytes = lowercasedBytes(className)
        bytes.append(0x20)
        bytes.append(contentsOf: lowercasedBytes(id))
        return bytes
    }

    /// The lowercased bytes of a class or id, without the names of CSS utility classes that say how a box lays out its
    /// content, not what it is: `overflow-hidden` clips (it hides nothing), `scroll-mt-20` sets where an anchor scrolls to.
    /// They matched the negative hints `hidden` and `scroll`, and Tailwind sites put them on the article's own blocks.
    static func lowercasedBytes(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard bytes.contains(overflowPrefix) || bytes.contains(scrollPrefix) else { return bytes }
        var kept: [UInt8] = []
        for token in bytes.split(separator: 0x20) where !isLayoutUtility(token) {
            if !kept.isEmpty { kept.append(0x20) }
            kept.append(contentsOf: token)
        }
        return kept
    }

    private static let overflowPrefix = Array("overflow-".utf8)
    private static let scrollPrefix = Array("scroll-".utf8)

    /// `overflow-hidden`, `md:overflow-x-hidden`, `scroll-mt-4`, `lg:scroll-pt-8`: a utility name after any variant
    /// prefixes (`md:`, `dark:`).
    private static func isLayoutUtility(_ token: ArraySlice<UInt8>) -> Bool {
        let name = token.split(separator: 0x3A, omittingEmptySubsequences: false).last ?? token
        if name.starts(with: overflowPrefix) { return true }
        guard name.starts(with: scrollPrefix), name.count > scrollPrefix.count + 1 else { return false }
        let kind = name[name.startIndex + scrollPrefix.count]
        return kind == 0x6D || kind == 0x70  // scroll-m…, scroll-p…: scroll margin and padding
    }

    static let unlikelyCandidates = HintPattern([
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra", "footer",
        "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social",
        "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
    ])
    static let maybeCandidate = HintPattern(["and", "article", "body", "column", "content", "main", "mathjax", "shadow"])
    static let positive = HintPattern([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text", "blog", "story",
    ])
    static let negative = HintPattern(
        [
            "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media", "meta",
            "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags",
            "widget",
        ], words: ["hid"])
    /// Boilerplate Readability.js does not name but that sits inside or next to articles on news sites: photo
    /// galleries and their captions and credits, newsletter and cookie boxes, recommendation widgets.
    static let boilerplate = HintPattern([
        "gallery", "slideshow", "carousel", "lightbox", "modal", "newsletter", "subscribe", "cookie", "consent", "recommend",
        "trending", "outbrain", "taboola", "promo", "caption", "credit", "byline", "dateline", "timestamp", "advert",
    ])
    static let byline = HintPattern(["byline", "author", "dateline", "writtenby", "p-author"])

    /// Readability's `(\b|_)(share|sharedaddy)(\b|_)`: "share" as a word of a class or id.
    static func isShareElement(_ haystack: [UInt8]) -> Bool {
        haystack.containsWord(Array("share".utf8), separators: nil) || haystack.containsWord(Array("sharedaddy".utf8), separators: nil)
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, count >= needle.count else { return false }
        var index = 0
        let last = count - needle.count
        while index <= last {
            if self[index] == first {
                var offset = 1
                while offset < needle.count && self[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether `word` occurs with a separator or the string's end on both sides. Separators nil means
    /// "any byte that is not a letter or digit, or an underscore" (a regex `\b` that also splits at `_`).
    func containsWord(_ word: [UInt8], separators: [UInt8]?) -> Bool {
        guard let first = word.first, count >= word.count else { return false }
        func isSeparator(_ byte: UInt8) -> Bool {
            if let separators { return separators.contains(byte) }
            let isWordByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
            return !isWordByte
        }
        var index = 0
        while index <= count - word.count {
            if self[index] == first {
                var offset = 1
                while offset < word.count && self[index + offset] == word[offset] { offset += 1 }
                if offset == word.count {
                    let before = index == 0 || isSeparator(self[index - 1])
                    let after = index + word.count == count || isSeparator(self[index + word.count])
                    if before && after { return true }
                }
            }
            index += 1
        }
        return false
    }
}
