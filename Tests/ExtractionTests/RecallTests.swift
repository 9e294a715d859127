import Foundation
import Testing

@testable import Extraction

/// Issue 13: text of the article that must not be lost on sites the rules were not tuned for.
@Suite struct RecallTests {
    static func text(_ html: String) throws -> String {
        try Extractor.extract(html: html, url: URL(string: "https://example.com/story")).text ?? ""
    }

    static func page(_ body: String) -> String {
        "<!DOCTYPE html><html><head><title>Wine from the hills</title></head><body>\(body)</body></html>"
    }

    /// An article of three paragraphs (over 500 characters), the first beginning with `opening`.
    static func article(opening: String) -> String {
        """
        <article><p>\(opening) liegen über der Stadt, und auf ihnen wachsen seit Jahrhunderten die Reben, aus denen die
        Winzer des Tals ihre leichten roten Weine keltern, die zu vielen Gerichten passen.</p>
        <p>Die Lese beginnt im September, wenn die Trauben reif sind, und sie dauert bis in den Oktober, bei gutem Wetter
        auch länger, sagen die Winzer, die seit dem Mittelalter an diesen Hängen arbeiten.</p>
        <p>Im Winter schneiden sie die Reben zurück, im Frühjahr binden sie die jungen Triebe an, und im Sommer hoffen sie
        auf Sonne, wenig Hagel und gerade so viel Regen, dass die Trauben nicht vertrocknen.</p></article>
        """
    }

    @Test func softHyphensAreNotPartOfTheText() throws {
        let text = try Self.text(Self.page(Self.article(opening: "Die Hän\u{AD}ge ober\u{AD}halb Bozens")))
        #expect(text.contains("Die Hänge oberhalb Bozens liegen"))
        #expect(!text.unicodeScalars.contains("\u{AD}"))
    }

    @Test func theTextIsInComposedForm() throws {
        // "ü" written as "u" and a combining diaeresis, as some editors save it.
        let text = try Self.text(Self.page(Self.article(opening: "Gru\u{308}ne Hu\u{308}gel")))
        #expect(text.unicodeScalars.contains("\u{FC}"))
        #expect(!text.unicodeScalars.contains("\u{308}"))
    }

    @Test func anArticleGivenOnlyInNoscriptIsRead() throws {
        // The page writes its article with a script; without one, a browser shows what <noscript> holds.
        let html = Self.page(
            """
            <div id="app">Loading…</div><script>document.getElementById("app").innerHTML = render()</script>
            <noscript><div class="post-body">\(Self.article(opening: "Die Hügel"))</div></noscript>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Die Lese beginnt im September"))
    }

    @Test func noscriptTextIsNotAddedToAPageThatHasItsArticle() throws {
        let html = Self.page(
            """
            \(Self.article(opening: "Die Hügel"))
            <noscript><p>Bitte aktivieren Sie JavaScript, um die Kommentare zu sehen, die Karte der Weinberge zu öffnen, den
            Newsletter zu bestellen und die Bilder der Lese in voller Größe anzusehen, die wir jedes Jahr im Herbst machen.
            Ohne JavaScript zeigt diese Seite nur den Text des Artikels, aber keine der anderen Funktionen der Seite, die
            wir für unsere Leserinnen und Leser gebaut haben, damit sie mehr über den Wein und das Tal erfahren können,
            und auch keine der Videos.</p></noscript>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Lese beginnt im September"))
        #expect(!text.contains("JavaScript"))
    }

    @Test func anAsideThatHoldsMostOfTheContentIsKeptByTheCleaning() throws {
        // A site that marks up its article column as an <aside>: the chosen content is the column's parent.
        let html = Self.page(
            """
            <div class="columns"><aside class="content-column"><section>\(Self.article(opening: "Die Hügel"))</section></aside>
            <aside class="teaser"><p>Anzeige: Weinreisen ins Tal.</p></aside></div>
            """)
        let root = try #require(HTMLParser.parse(Array(html.utf8), encoding: "UTF-8"))
        let content = try #require(root.descendants(tag: "div").first)
        ContentExtractor(articleTitle: "", hasMetadataByline: false).prepareArticle(content)
        let text = content.innerText
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Die Lese beginnt im September"))
        #expect(!text.contains("Weinreisen"))
    }

    @Test func onAPageOfSeveralStoriesTheOneWithThePageTitleIsTheArticle() throws {
        // The next story is loaded below the first as the reader scrolls; it is longer, but the page is about the first.
        let next = String(
            repeating: "<p>Im Nachbartal hat die Gemeinde einen neuen Weg zu den Almen gebaut, der im Sommer für Wanderer, "
                + "Radfahrer und Reiter offen ist, wie der Bürgermeister sagte.</p>", count: 6)
        let html = """
            <!DOCTYPE html><html><head><title>Wine from the hills</title></head><body><main>
            <article class="story"><header class="entry-header"><h1>Wine from the hills</h1></header>
            <div class="story-body">\(Self.article(opening: "Die Hügel"))</div></article>
            <article class="story"><header class="entry-header"><h2>Ein neuer Weg zu den Almen</h2></header>
            <div class="story-body">\(next)</div></article>
            </main></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(!text.contains("Nachbartal"))
    }

    @Test func aListOfSignatoriesDoesNotOutscoreTheLetter() throws {
        // Each line's comma separates a name from a place; counted as clauses, they made the list the best block.
        let names = (1...60).map { "<strong>A. Berger \($0)</strong>, Institut, Uni Wien<br>" }.joined()
        let html = Self.page(
            """
            <div class="letter">\(Self.article(opening: "Die Hügel"))
            <table><tr><td><span>\(names)</span></td></tr></table></div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Die Lese beginnt im September"))
    }

    @Test func linesOfNamesSplitByBreaksAreAListNotProse() throws {
        let names = (1...20).map { "<strong>A. Berger \($0)</strong>, Institut, Uni Wien<br>" }.joined()
        let verse = (1...12).map { "Die Reben stehen still im Licht des späten Tages über dem Tal, und die Winzer gehen heim \($0)<br>" }
        let html = "<html><body><div id=list><span>\(names)</span></div><div id=verse>\(verse.joined())</div></body></html>"
        let root = try #require(HTMLParser.parse(Array(html.utf8), encoding: "UTF-8"))
        let list = try #require(root.descendants(tag: "div").first { $0.id == "list" })
        let lines = try #require(root.descendants(tag: "div").first { $0.id == "verse" })
        #expect(ContentExtractor.isListOfShortLines(list, length: list.innerTextLength))
        #expect(!ContentExtractor.isListOfShortLines(lines, length: lines.innerTextLength), "long lines are prose")
    }

    @Test func aSentenceThatGoesOnInALinkIsText() throws {
        // Mostly link text, short: the shape of a teaser, but the sentence begins before its link.
        let sentence = """
            <p>Die Winzerin Anna Berger folgt auf Josef Huber, <a href="https://example.com/huber">der die Genossenschaft
            der Winzer des Tals in den letzten acht Jahren geführt hat.</a></p>
            <p>Mehr lesen: <a href="https://example.com/lese">Warum die Lese in diesem Jahr so früh begonnen hat.</a></p>
            """
        let html = Self.page(Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: sentence + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Winzerin Anna Berger folgt auf Josef Huber, der die Genossenschaft"))
        #expect(!text.contains("Warum die Lese"))
    }

    /// A block of the article in the shape a page builder gives every text block: a heading and a paragraph in a `div`
    /// whose class has a negative hint (`media-block`).
    static func mediaBlock(_ heading: String, _ sentence: String) -> String {
        """
        <div class="media-block"><h3>\(heading)</h3><p>\(sentence) Die Winzer des Tals arbeiten seit dem Mittelalter an diesen
        Hängen, und sie sagen, dass die Lage, der Boden und das Wetter den Wein machen, nicht der Keller, in dem er reift.</p></div>
        """
    }

    @Test func textBlocksThatASiteNamesNegativelyAreKeptWhenTheyAreTheArticle() throws {
        // Every block of the article is a "media block": the name is the site's scheme, not a sign of boilerplate.
        let html = Self.page(
            """
            <div class="entry"><p>Die Hügel oberhalb Bozens sind seit Jahrhunderten mit Reben bepflanzt, und jedes Jahr im
            Herbst kommen Besucher aus dem ganzen Land, um den neuen Wein zu kosten, der in den Kellern der Höfe reift.</p>
            <p>Wer die Weine des Tals kennenlernen will, fängt bei den Rebsorten an, die hier seit jeher wachsen, und bei den
            Winzern, die sie anbauen, keltern und in kleinen Mengen an die Gasthäuser der Gegend verkaufen, wie ihre Väter.</p>
            <p>Im Winter schneiden sie die Reben zurück, im Frühjahr binden sie die jungen Triebe an, und im Sommer hoffen sie
            auf Sonne, wenig Hagel und gerade so viel Regen, dass die Trauben nicht vertrocknen, bevor sie reif sind.</p>
            \(Self.mediaBlock("Der Vernatsch", "Der Vernatsch ist die Rebe, aus der die leichten roten Weine des Tals gekeltert werden."))
            \(Self.mediaBlock("Der Lagrein", "Der Lagrein gibt dunkle, kräftige Weine, die lange im Fass liegen, bevor man sie trinkt."))
            \(Self.mediaBlock("Der Weißburgunder", "Der Weißburgunder wächst weiter oben, wo die Nächte kühl sind und der Wind geht."))
            \(Self.mediaBlock("Die Lese", "Die Lese beginnt im September, wenn die Trauben reif sind, und dauert bis in den Oktober."))
            </div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel oberhalb Bozens"))
        #expect(text.contains("Der Lagrein gibt dunkle, kräftige Weine"))
        #expect(text.contains("Die Lese beginnt im September"))
    }

    @Test func aNegativelyNamedBlockBesideAnArticleOfPlainParagraphsStillGoes() throws {
        // One block with a negative name among plain paragraphs: the name still says it is not the article.
        let archive = Self.mediaBlock("Aus dem Archiv", "Vor zehn Jahren schrieben wir über den Hagel, der die halbe Ernte vernichtet hat.")
        let html = Self.page(Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: archive + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Lese beginnt im September"))
        #expect(!text.contains("Vor zehn Jahren schrieben wir"))
    }

    @Test func anArticleInAnUnlikelyNamedContainerIsReadWhenItHoldsMostOfThePagesProse() throws {
        // The site names the section that holds its article `newsletter` (a newsletter's archive page); the removal of
        // unlikely candidates takes it, and a sign-up pitch of over 500 characters is left to win.
        let html = Self.page(
            """
            <div class="intro"><p>Join 800,000 subscribers who get our monthly letter about the wines of the valley, with
            notes from the cellars, the dates of the tastings and the stories of the families who have made wine here for
            centuries. Every issue is written by our editors and sent on the first Sunday of the month, free of charge.</p>
            <p>You will also receive our guide to the grapes of the valley, a collection of the letters our readers liked
            most: the one about the harvest, the one about the old cellars and the one about the wines of the high slopes.</p></div>
            <section class="section-hero newsletter"><h1>Wine from the hills</h1><div class="newsletter-body">\(Self.article(opening: "Die Hügel"))
            <p>Im Herbst kommen Besucher aus dem ganzen Land, um den neuen Wein zu kosten, der in den Kellern der Höfe reift,
            und die Gasthäuser der Gegend schenken ihn zu Kastanien und Speck aus, wie es seit jeher Brauch ist im Tal.</p>
            </div></section>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Die Lese beginnt im September"))
        #expect(text.contains("Im Herbst kommen Besucher"))
    }

    @Test func aParagraphWithThreeLinkedPhrasesInBoldIsNotATeaserList() throws {
        // Its element children are three `<strong>` links: the shape of a teaser list, but the text between them is prose.
        let link = { (words: String) in "<strong><span><a href=\"https://example.com/\(words.count)\">\(words)</a></span></strong>" }
        let paragraph = """
            <p>Die Winzer des Tals keltern aus \(link("Vernatsch")) seit Jahrhunderten leichte rote Weine, die zu vielen
            Gerichten passen, aus \(link("Lagrein")) dunkle und kräftige, die lange im Fass liegen, und aus dem
            \(link("Weißburgunder")) weiße, die weiter oben wachsen, wo die Nächte kühl sind.</p>
            """
        let html = Self.page(Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: paragraph + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Die Winzer des Tals keltern aus Vernatsch seit Jahrhunderten"))
    }

    @Test func anAccordionsQuestionsAreTextNotLinks() throws {
        // An FAQ accordion: each question is a heading whose text sits in `<a href="#" role="button">` (it opens the
        // answer). Counted as links, the questions made the accordion a block of links, and the cleaning removed it.
        let faq = (1...4).map { number in
            """
            <div class="toggle"><h3><a href="#" role="button">Question \(number): why do the growers of the valley pick
            their grapes by hand, even on the gentler slopes?</a></h3><div><p>Because the slopes are steep.</p></div></div>
            """
        }.joined()
        let html = Self.page(
            Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: "<div class=\"faq\">\(faq)</div></article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Question 3: why do the growers"))
        #expect(text.contains("Because the slopes are steep."))
    }

    @Test func anAccordionsCollapsedAnswersAreRead() throws {
        // Each answer is hidden until its question, a button just before it, opens it (`aria-controls`); a flyout that a
        // button elsewhere on the page opens stays hidden.
        let faq = (1...3).map { number in
            """
            <h3><button aria-expanded="false" aria-controls="answer-\(number)">Why are the grapes picked by hand?</button></h3>
            <div id="answer-\(number)" style="display:none"><p>Answer \(number): the slopes above the town are too steep
            for machines, so the growers and their families pick every grape by hand, as they always have.</p></div>
            """
        }.joined()
        let flyout = """
            <div id="flyout" hidden><p>Table of the league: every team of the valley, with its points, its goals and the
            games it has still to play, updated every Sunday evening after the last game of the day.</p></div>
            """
        let html = Self.page(
            """
            <header><a href="/">Home</a> <a href="/news">News</a> <a href="/teams">Teams</a> <button aria-controls="flyout">Table</button></header>\(flyout)
            \(Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: faq + "</article>"))
            """)
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Answer 2: the slopes above the town"))
        #expect(!text.contains("Table of the league"))
    }

    @Test func aBlockWhoseClassOnlySaysHowItClipsIsNotHidden() throws {
        // Tailwind's `overflow-hidden` clips a box's content; it matched Readability's negative hint `hidden`, and the
        // conditional cleaning removed the block for its name.
        let block = """
            <div class="overflow-hidden rounded-lg border"><div class="px-4 py-3"><p>Im Herbst kommen Besucher aus dem ganzen
            Land, um den neuen Wein zu kosten, der in den Kellern der Höfe reift, und die Gasthäuser schenken ihn zu
            Kastanien und Speck aus, wie es seit jeher Brauch ist im Tal.</p></div></div>
            """
        let html = Self.page(Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: block + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Im Herbst kommen Besucher"))
    }

    @Test func layoutUtilityClassesAreLeftOutOfTheHints() {
        #expect(HintPattern.lowercasedBytes("Overflow-Hidden md:overflow-x-hidden scroll-mt-20 card") == Array("card".utf8))
        #expect(HintPattern.lowercasedBytes("scroll-container hidden") == Array("scroll-container hidden".utf8))
    }

    /// A long body of twelve paragraphs in a text block of a page builder.
    static let longBody = (1...12).map { number in
        """
        <p>Im Abschnitt \(number) erzählen die Winzer, wie sie die Reben schneiden, binden, spritzen, lesen und keltern,
        wie das Wetter, der Boden, die Lage und das Alter der Stöcke den Wein prägen, und was sie anders machen.</p>
        """
    }.joined()

    @Test func anIntroInABlockOfItsOwnBeforeTheBodyIsKept() throws {
        // A page builder puts the opening paragraphs in one text block and the body in the next: the intro scores under a
        // fifth of the long body, and was left out.
        let html = Self.page(
            """
            <div class="builder"><div class="block-one"><p>Die Hügel oberhalb Bozens sind seit Jahrhunderten mit Reben
            bepflanzt, und jedes Jahr im Herbst kommen Besucher, um den neuen Wein zu kosten.</p>
            <p>Wer die Weine des Tals kennenlernen will, fängt bei den Winzern an, die sie seit Generationen machen.</p></div>
            <div class="block-two">\(Self.longBody)</div></div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Im Abschnitt 12 erzählen die Winzer"))
        #expect(text.contains("Die Hügel oberhalb Bozens sind seit Jahrhunderten"))
        #expect(text.contains("Wer die Weine des Tals kennenlernen will"))
    }

    @Test func aSummaryBoxBeforeTheBodyIsNotAnIntro() throws {
        // A heading and one paragraph (a summary box, a title and its standfirst): not the article's opening.
        let html = Self.page(
            """
            <div class="builder"><div class="block-one"><h3>Kurz gesagt</h3><p>Die Hügel oberhalb Bozens sind seit Jahrhunderten
            mit Reben bepflanzt, und jedes Jahr im Herbst kommen Besucher aus dem ganzen Land, um den neuen Wein zu
            kosten, der in den Kellern der Höfe reift.</p></div>
            <div class="block-two">\(Self.longBody)</div></div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Im Abschnitt 12 erzählen die Winzer"))
        #expect(!text.contains("Besucher aus dem ganzen Land"))
    }

    @Test func aLinkedHeadingOverTextOfItsOwnIsKept() throws {
        // A listicle names each item with a link to it; the heading is mostly link text, but the text under it is the
        // article's. A related story's linked heading with no text of its own still goes.
        let item = { (name: String) in
            """
            <h3><a href="https://example.com/\(name.count)">\(name)</a></h3><p>Der \(name) wächst an den Hängen über dem
            Tal, wo die Sonne lange scheint, und die Winzer keltern aus ihm Weine, die jung getrunken werden und zu
            vielen Gerichten der Gegend passen, von Speck bis Kastanien.</p>
            """
        }
        let related = "<h3><a href=\"https://example.com/other\">Ein neuer Weg zu den Almen</a></h3>"
        let html = Self.page(
            Self.article(opening: "Die Hügel").replacingOccurrences(
                of: "</article>", with: item("Vernatsch") + item("Lagrein") + "<h2>Mehr</h2>" + related + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Lagrein\n"))
        #expect(text.contains("Der Lagrein wächst an den Hängen"))
        #expect(!text.contains("Ein neuer Weg zu den Almen"))
    }

    @Test func anIntroInASectionBeforeTheBodysSectionIsKept() throws {
        // A page builder nests the body a few containers deep and puts the intro in a section of its own before the
        // body's section: the intro is no sibling of the chosen block.
        let html = Self.page(
            """
            <div class="builder"><div class="section section-a1"><div class="inner"><div class="text"><p>Die Hügel oberhalb
            Bozens sind seit Jahrhunderten mit Reben bepflanzt, und jedes Jahr im Herbst kommen Besucher, um den neuen Wein
            zu kosten.</p><p>Wer die Weine des Tals kennenlernen will, fängt bei den Winzern an, die sie seit Generationen
            machen.</p></div></div></div>
            <div class="section section-b2"><div class="inner"><div class="text">\(Self.longBody)</div>
            <div class="note"><p>Stand: Herbst.</p></div></div></div></div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("Im Abschnitt 12 erzählen die Winzer"))
        #expect(text.contains("Die Hügel oberhalb Bozens sind seit Jahrhunderten"))
        #expect(text.hasPrefix("Die Hügel oberhalb Bozens"), "the intro comes first")
    }

    @Test func aListOfLinksToOtherSitesIsTheArticlesAndOneToTheSiteItselfIsNot() throws {
        // The article's sources are list items that are all link text, the shape of related links; they link to other
        // sites, related stories to the page's own (by relative links or its own host).
        let sources = """
            <p>Die Zahlen stammen aus diesen Quellen:</p><ul>
            <li><a href="https://statistik.example.org/wein/2023">Weinbaustatistik des Landes 2023</a></li>
            <li><a href="https://www.kellerei.example.net/bericht">Jahresbericht der Kellereigenossenschaft</a></li>
            <li><a href="http://archiv.example.edu/lese.pdf">Die Lese im Wandel der Zeit (PDF)</a></li></ul>
            """
        let related = """
            <ul><li><a href="/story/almen">Ein neuer Weg zu den Almen</a></li>
            <li><a href="https://www.example.com/story/kastanien">Das Fest der Kastanien</a></li></ul>
            """
        let html = Self.page(
            Self.article(opening: "Die Hügel").replacingOccurrences(of: "</article>", with: sources + related + "</article>"))
        let text = try Self.text(html)
        #expect(text.contains("Die Hügel liegen über der Stadt"))
        #expect(text.contains("Weinbaustatistik des Landes 2023"))
        #expect(text.contains("Die Lese im Wandel der Zeit (PDF)"))
        #expect(!text.contains("Ein neuer Weg zu den Almen"))
        #expect(!text.contains("Das Fest der Kastanien"))
    }

    @Test func aSectionThatIntroducesAListOfLinksToOtherSitesIsKept() throws {
        // An AsciiDoc post: one section is a line of prose and the article's own list of patches, all link text to
        // another site. Counted as links, they made the section a block of links, and the conditional cleaning took it.
        let items = [
            "Make the type comparison support floating point types", "Allow casts between integers and pointers",
            "Add support for the weak variable attribute", "Fix the size of long double on every target",
            "Add a function to check if link-time optimization is supported", "Fix volatile loads and stores",
        ].enumerated().map { "<li><p><a href=\"https://forge.example.org/gcc/pulls/\($0.offset)\">libgccjit: \($0.element)</a></p></li>" }
        let html = Self.page(
            """
            <div class="content"><div class="sect1"><h2>What it is</h2><div class="sectionbody"><div class="paragraph"><p>The
            backend lets the Rust compiler use GCC to generate code, which gives it more targets and access to the
            optimizations of GCC, the compiler that most of the free software world is built with.</p></div>
            <div class="paragraph"><p>It is not a new frontend for Rust: it reuses the frontend of rustc and only replaces the
            part that turns the program into machine code, so it follows the language as the compiler does.</p></div></div></div>
            <div class="sect1"><h2>Patches</h2><div class="sectionbody"><div class="paragraph"><p>Many patches were sent for
            review:</p></div><div class="ulist"><ul>\(items.joined())</ul></div></div></div>
            <div class="sect1"><h2>State of the backend</h2><div class="sectionbody"><div class="paragraph"><p>This month the
            backend learned to compile more of the standard library, and the test suite now runs on two more architectures,
            which found a few bugs in the handling of packed structures and of functions marked as cold.</p></div></div></div></div>
            """)
        let text = try Self.text(html)
        #expect(text.contains("It is not a new frontend for Rust"))
        #expect(text.contains("This month the backend learned"))
        #expect(text.contains("Many patches were sent for review:"))
        #expect(text.contains("libgccjit: Fix volatile loads and stores"))
    }

    @Test func aKoreanLineBesideALatinLinkIsNotALinkBlock() throws {
        // A Korean columnist's name and e-mail address: eight Hangul syllables say as much as the address, but counted one
        // character each they made the line mostly link text, and the link-block rule removed it.
        let paragraph = """
            <p>서울의 오래된 골목에는 작은 식당과 찻집이 많이 남아 있다. 주말이면 많은 사람들이 이곳을 찾아 천천히 걸으며 옛날
            건물과 새로운 가게를 함께 구경한다. 상인들은 손님이 늘어서 기쁘지만 임대료가 오를까 걱정하고 있다.</p>
            """
        let html = Self.page(
            """
            <article>\(String(repeating: paragraph, count: 4))
            <p>정리 칼럼니스트 박생강 <a href="mailto:pillgoo9@example.com">pillgoo9@example.com</a></p></article>
            """)
        let text = try Self.text(html)
        #expect(text.contains("서울의 오래된 골목에는"))
        #expect(text.contains("정리 칼럼니스트 박생강"))
    }

    @Test func aChineseParagraphBesideTheArticleIsLongEnoughToKeep() throws {
        // A paragraph beside the chosen block is kept when it is over 80 characters (or ends a sentence with ". "): 40
        // Han characters say what 80 letters say, and "。" is no ". ".
        let paragraph = """
            <p>山上的葡萄园已经有几百年的历史，每年秋天都有很多游客从全国各地来到这里，品尝农庄酒窖里刚刚酿好的新酒，
            和酿酒的家庭一起庆祝丰收。</p>
            """
        let html = Self.page(
            """
            <div class="story">\(String(repeating: paragraph, count: 4))</div>
            <p>冬天农民修剪葡萄藤，春天把新枝绑好，夏天盼望阳光充足而冰雹少，葡萄才能在九月成熟。</p>
            """)
        let text = try Self.text(html)
        #expect(text.contains("山上的葡萄园已经有几百年的历史"))
        #expect(text.contains("冬天农民修剪葡萄藤"))
    }
}
