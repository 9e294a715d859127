import Testing

@testable import Extraction

/// Text measured a node at a time (each text node's run measured once) and whitespace collapsed a stretch at a time give
/// what the text measured and collapsed whole, one scalar at a time, gives.
@Suite struct TextMetricsTests {
    static let pieces = [
        "", " ", "\u{A0}", "word", " word", "word ", " two words ", "a,b", "\u{A0}non-breaking\u{A0}", "\n\t tabs \r\n",
        "Gru\u{308}ne", "\u{3000}ideographic\u{2003}space", "逗号，和、", "، comma", "  double  spaces  ", "x",
    ]

    /// Collapses whitespace one scalar at a time (what `TextMetrics.normalize` did before it copied stretches).
    static func normalizedScalarByScalar(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    @Test func aNodeMeasuresAsItsWholeText() {
        for first in Self.pieces {
            for second in Self.pieces {
                for third in Self.pieces {
                    let node = HTMLNode(element: "p")
                    node.append(HTMLNode(text: first))
                    let inner = HTMLNode(element: "span")
                    inner.append(HTMLNode(text: second))
                    node.append(inner)
                    node.append(HTMLNode(text: third))
                    var whole = TextMetrics()
                    whole.add(first + second + third)
                    let measured = node.textMetrics
                    #expect(measured.length == whole.length, "\(first.debugDescription) \(second.debugDescription) \(third.debugDescription)")
                    #expect(measured.commas == whole.commas)
                    #expect(node.hasText == (whole.length > 0))
                }
            }
        }
    }

    @Test func collapsingWhitespaceGivesWhatOneScalarAtATimeGives() {
        for first in Self.pieces {
            for second in Self.pieces {
                let text = first + second
                #expect(TextMetrics.normalize(text) == Self.normalizedScalarByScalar(text), "\(text.debugDescription)")
            }
        }
    }

    @Test func anEastAsianWideCharacterCountsTwo() {
        // Han, kana, Hangul and full-width forms carry a word or a syllable each; Latin, Cyrillic and Arabic letters one.
        for (text, length) in [("漢字", 4), ("ひらがな", 8), ("カタカナ", 8), ("한국어", 6), ("Ａ１", 4), ("𠀀", 2), ("abc", 3), ("мир", 3), ("سلام", 4), ("漢 a", 4)]
        {
            var metrics = TextMetrics()
            metrics.add(text)
            #expect(metrics.length == length, "\(text)")
        }
    }
}
