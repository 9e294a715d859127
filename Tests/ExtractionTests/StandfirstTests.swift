import Foundation
import Testing

@testable import Extraction

/// Issue 13: the lead between an article's title and its body, and galleries told in their captions.
@Suite struct StandfirstTests {
    static let lead = "Die Winzer im Tal rechnen nach dem heißen Sommer mit einer kleinen, aber sehr guten Lese in diesem Jahr."

    static func page(header: String) -> String {
        """
        <!DOCTYPE html><html><head><title>Wine from the hills</title></head><body>
        <header class="entry-header"><h1>Wine from the hills</h1>\(header)</header>
        \(RecallTests.article(opening: "Die Hügel oberhalb Bozens"))
        </body></html>
        """
    }

    @Test func theLeadBetweenTheTitleAndTheBodyIsKept() throws {
        let text = try RecallTests.text(Self.page(header: "<p>\(Self.lead)</p>"))
        #expect(text.hasPrefix(Self.lead))
        #expect(text.contains("Die Hügel oberhalb Bozens liegen"))
    }

    @Test func aLinkedTeaserAfterTheTitleIsNoLead() throws {
        let teaser = "Lesen Sie auch, warum die Winzer im Tal nach dem heißen Sommer mit einer kleinen Lese rechnen: <a href=\"/lese\">hier</a>."
        let text = try RecallTests.text(Self.page(header: "<p>\(teaser)</p>"))
        #expect(!text.contains("Lesen Sie auch"))
    }

    @Test func captionsThatHoldTheStoryOfAGalleryAreKept() throws {
        let slides = (1...4).map { number in
            """
            <figure><img src="/costume\(number).jpg"><figcaption>Kostüm \(number): Mit einem Hut, falschen Wimpern und weißer
            Kleidung wird man in wenigen Minuten zu einer Figur aus einem alten Film, und niemand braucht dafür Geld.</figcaption></figure>
            """
        }
        let html = RecallTests.page("<article><p>Verkleidungen für wenig Geld.</p>\(slides.joined())</article>")
        let text = try RecallTests.text(html)
        #expect(text.contains("Kostüm 1: Mit einem Hut"))
        #expect(text.contains("Kostüm 4: Mit einem Hut"))
    }

    @Test func aCaptionBesideTheTextGoes() throws {
        let figure = "<figure><img src=\"/hills.jpg\"><figcaption>Die Hügel im Herbst. Foto: Jane Doe</figcaption></figure>"
        let html = RecallTests.page(
            RecallTests.article(opening: "Die Hügel oberhalb Bozens").replacingOccurrences(of: "<article>", with: "<article>\(figure)"))
        let text = try RecallTests.text(html)
        #expect(!text.contains("Foto: Jane Doe"))
        #expect(text.contains("Die Hügel oberhalb Bozens liegen"))
    }

    @Test func galleryTestByLength() {
        let caption = HTMLNode(element: "figcaption")
        caption.append(HTMLNode(text: String(repeating: "a", count: 300)))
        #expect(ContentExtractor.isCaptionedGallery(captions: [caption], contentLength: 400))
        #expect(!ContentExtractor.isCaptionedGallery(captions: [caption], contentLength: 900))
    }
}
