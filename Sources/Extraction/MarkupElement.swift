import Foundation

/// An element of an HTML document as plain values, for readers of HTML files other than the
/// extractor (bookmark files, exports): parsed with libxml2's error-tolerant HTML parser, so
/// unclosed `<DT>`, `<DD>` and `<p>` nest as browsers read them.
package struct MarkupElement: Sendable, Equatable {
    /// A child: an element or a run of text.
    package indirect enum Child: Sendable, Equatable {
        case element(MarkupElement)
        case text(String)
    }

    /// The tag name, lowercased.
    package var tag: String
    /// Attributes in document order, names lowercased, values with entities decoded.
    package var attributes: [(name: String, value: String)]
    package var children: [Child]

    package init(tag: String, attributes: [(name: String, value: String)] = [], children: [Child] = []) {
        self.tag = tag
        self.attributes = attributes
        self.children = children
    }

    /// The `<html>` element of `html`; nil when libxml2 finds no element at all.
    package static func parse(html: String) -> MarkupElement? {
        guard let root = HTMLParser.parse(Array(html.utf8), encoding: "UTF-8") else { return nil }
        return MarkupElement(root)
    }

    private init(_ node: HTMLNode) {
        tag = node.tag
        attributes = node.attributes
        children = node.children.map { child in
            child.kind == .element ? .element(MarkupElement(child)) : .text(child.text)
        }
    }

    /// The value of the first attribute with that (lowercase) name.
    package func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The text of the element and everything in it, as written (white space kept).
    package var textContent: String {
        var text = ""
        appendText(to: &text)
        return text
    }

    private func appendText(to text: inout String) {
        for child in children {
            switch child {
            case .text(let run): text += run
            case .element(let element): element.appendText(to: &text)
            }
        }
    }

    package static func == (lhs: MarkupElement, rhs: MarkupElement) -> Bool {
        lhs.tag == rhs.tag && lhs.children == rhs.children && lhs.attributes.elementsEqual(rhs.attributes, by: { $0 == $1 })
    }
}
