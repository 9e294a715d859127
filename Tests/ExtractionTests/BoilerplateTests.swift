import Foundation
import Testing

@testable import Extraction

/// Issue 13: boilerplate around and inside the article on sites the rules were not tuned for.
@Suite struct BoilerplateTests {
    /// Three paragraphs of article text, long enough to be chosen as the content.
    static let article = """
        <p>The council voted on Tuesday to rebuild the old stone bridge across the river, ending a debate that had lasted
        for more than ten years, divided two villages, and filled the letters page of the local paper every week.</p>
        <p>Engineers will take the bridge apart stone by stone this spring, number each block, and put it back on new
        foundations, so that the arches look as they did when the bridge was first built in the eighteenth century.</p>
        <p>Traffic will cross on a temporary steel bridge downstream until the work ends, which the council expects to
        happen before the autumn, although it warned that a wet summer could delay the masons by several weeks.</p>
        """

    static func page(_ inside: String, after: String = "", head: String = "") -> String {
        """
        <!DOCTYPE html><html><head><title>The bridge will be rebuilt</title>\(head)</head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <article class="post-content"><h1>The bridge will be rebuilt</h1>\(article)\(inside)</article>
        \(after)
        </body></html>
        """
    }

    static func text(_ html: String) throws -> String {
        try Extractor.extract(html: html, url: URL(string: "https://example.com/bridge")).text ?? ""
    }

    @Test func aCommentThreadInsideTheArticleIsDropped() throws {
        let comments = """
            <div id="comments" class="comments-area main-column"><h3>2 thoughts on this</h3>
            <ol class="comment-list">
              <li class="comment"><div class="comment-body main"><p>About time too, the old bridge was a danger to everybody,
              and my grandfather always said so, every single time we crossed it on the way to the market.</p></div></li>
              <li class="comment"><div class="comment-content"><p>I will miss the old arches, whatever the engineers say about
              the new foundations and the temporary bridge, it will never be the same bridge again for us.</p></div></li>
            </ol></div>
            """
        let text = try Self.text(Self.page(comments))
        #expect(text.contains("Engineers will take the bridge apart"))
        #expect(!text.contains("grandfather"))
        #expect(!text.contains("miss the old arches"))
        #expect(!text.contains("thoughts on this"))
    }

    @Test func aListOfTeasersIsDropped() throws {
        let teasers = """
            <h2>More from the valley</h2>
            <ul class="cards">
              <li><img src="/a.jpg"><h3><a href="/flood">Flood defences</a></h3><span>Work starts in May on the new walls.</span></li>
              <li><img src="/b.jpg"><h3><a href="/school">A school reopens</a></h3><span>Pupils return after the repairs.</span></li>
              <li><img src="/c.jpg"><h3><a href="/fair">The autumn fair</a></h3><span>Stalls, music and a parade.</span></li>
            </ul>
            """
        let text = try Self.text(Self.page(teasers))
        #expect(text.contains("Traffic will cross on a temporary steel bridge"))
        #expect(!text.contains("Flood defences"))
        #expect(!text.contains("Pupils return"))
        #expect(!text.contains("More from the valley"), "the heading of the removed list goes with it")
    }

    @Test func cardsWithALinkedPictureAndAHeadingAreDropped() throws {
        // A grid of "more stories": each card a heading that is not a link and a picture that is.
        let cards = (1...3).map { number in
            """
            <div class="teaser"><article class="teaser-article"><div class="teaser-overlay"><header>
            <h3>Story number \(number): the valley after the flood</h3></header></div>
            <a class="teaser-img" href="/story-\(number)"><div class="thumb"><img src="/\(number).jpg" alt=""></div></a></article></div>
            """
        }.joined()
        let text = try Self.text(Self.page("<h2>More on this</h2><div class=\"teasers\">\(cards)</div>"))
        #expect(text.contains("Traffic will cross on a temporary steel bridge"))
        #expect(!text.contains("Story number"))
        #expect(!text.contains("More on this"))
    }

    @Test func sectionsOfAListicleWithPicturesStay() throws {
        // The same shape as cards, but each item is article text: a heading, a picture and a paragraph of its own.
        let paragraph = String(repeating: "The reviewer used it every day for a month and found it sturdy, quiet and easy to clean. ", count: 7)
        let items = (1...3).map { number in
            "<div class=\"item\"><h2>Gadget number \(number)</h2><img src=\"/\(number).jpg\"><p>\(paragraph)</p><a href=\"/shop/\(number)\">Buy it</a></div>"
        }.joined()
        let text = try Self.text(Self.page(items))
        #expect(text.contains("Gadget number 2"))
        #expect(text.contains("sturdy, quiet and easy to clean"))
    }

    @Test func blocksNamedAsPageFurnitureAreDropped() throws {
        let furniture = """
            <div class="entry-meta"><span class="posted-on">4 May 2024</span><div class="cat-links">Posted in
            <a href="/local">Local news</a> and tagged bridges, council, rivers, villages and more.</div></div>
            <div class="editorial-disclaimer"><p>NOTE: The advertising disclaimer below does not apply to this article.</p>
            <p>It was written by our newsroom, which takes no money for links.</p></div>
            <div id="allMostReadArticlesTeaserArea"><p>Most read this week in the valley:</p>
            <p>the valley's best walks, ranked by our readers.</p></div>
            """
        let text = try Self.text(Self.page(furniture))
        #expect(text.contains("Traffic will cross on a temporary steel bridge"))
        #expect(!text.contains("Posted in"))
        #expect(!text.contains("advertising disclaimer"))
        #expect(!text.contains("best walks"))
    }

    @Test func aWrapperNamedAsFurnitureThatHoldsTheArticleStays() throws {
        // A site that wraps its whole body in `paywall` (or `article-meta-wrapper`): the name says less than the text.
        let html = """
            <!DOCTYPE html><html><head><title>The bridge will be rebuilt</title></head><body>
            <article><h1>The bridge will be rebuilt</h1><div class="paywall">\(Self.article)</div>
            <div class="article-rating"><p>Rate this story:</p>
            <p>Share how useful you found it with one to five stars.</p></div></article>
            </body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("The council voted on Tuesday"))
        #expect(text.contains("Traffic will cross on a temporary steel bridge"))
        #expect(!text.contains("Rate this story"))
    }

    @Test func aNewsletterBoxIsDropped() throws {
        let box = """
            <div class="signup"><h3>Get the Valley Briefing</h3><p>Our newsletter, every morning in your inbox: the news
            that matters to the valley, in five minutes.</p><p>Enter your email address below and press the button.</p></div>
            """
        let text = try Self.text(Self.page(box))
        #expect(text.contains("The council voted on Tuesday"))
        #expect(!text.contains("Valley Briefing"))
        #expect(!text.contains("every morning in your inbox"))
    }

    @Test func aHiddenBlockIsDropped() throws {
        let hidden = """
            <div aria-hidden="true"><p>This text is only for a carousel that screen readers skip, and it is long enough
            to count as a paragraph of its own if the extractor forgot to check the attribute.</p></div>
            """
        let text = try Self.text(Self.page(hidden))
        #expect(text.contains("Engineers will take the bridge apart"))
        #expect(!text.contains("screen readers skip"))
    }

    @Test func theJSONLDArticleBodyIsUsedWhenScoringChoseWrong() throws {
        let body = String(repeating: "The harbour master said the new quay would open to fishing boats in March. ", count: 8)
        let head = """
            <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "A new quay for the harbour", "articleBody": "\(body)\\nCrews will work through the winter."}</script>
            """
        // The visible page holds another text where the article should be.
        let html = """
            <!DOCTYPE html><html><head><title>A new quay for the harbour</title>\(head)</head><body>
            <div class="thread">\(Self.article)</div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("The harbour master said the new quay would open"))
        #expect(text.contains("Crews will work through the winter."))
        #expect(!text.contains("stone bridge"))
    }

    @Test func aPageWithoutMainTextSaysSo() {
        let html = """
            <!DOCTYPE html><html><head><title>Sign in</title></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a> <a href="/business">Business</a> <a href="/science">Science</a> <a href="/opinion">Opinion</a> <a href="/travel">Travel</a></nav>
                        <div class="login-prompt"><p><a href="/login">Sign in</a> to read this story.</p></div>
            <footer><ul><li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/careers">Careers</a></li><li><a href="/advertise">Advertise with us</a></li><li><a href="/newsletters">Newsletters</a></li><li><a href="/archive">Archive</a></li></ul></footer>
            </body></html>
            """
        #expect {
            try Extractor.extract(html: html, url: nil)
        } throws: { error in
            guard case .noReadableContent = error as? ExtractionError else { return false }
            return true
        }
    }
}
