/// A node of the page tree the extractor works on: an element or a run of text.
///
/// The tree is built from libxml2's document and then changed in place (boilerplate removed,
/// `div`s turned into paragraphs), so nodes are objects with a parent link. They never leave the
/// synchronous extraction call that builds them, so they need not be `Sendable`.
final class HTMLNode {
    enum Kind: Equatable {
        case element
        case text
    }

    let kind: Kind
    /// The lowercased tag name of an element; empty for text.
    var tag: String
    /// Attributes in document order, names lowercased.
    var attributes: [(name: String, value: String)]
    /// The characters of a text node; empty for elements.
    let text: String
    /// The text metrics of a text node's own text, once measured (see `textRun`).
    private var measuredRun: TextMetrics.Run?
    private(set) var children: [HTMLNode] = []
    private(set) weak var parent: HTMLNode?
    /// The content score; nil until the scorer initializes the node.
    var score: Double?
    /// Whether the scorer judged a table to hold data (kept) rather than layout.
    var isDataTable = false
    /// The element's place in the page's document order before the scoring walk changed it; nil until `Standfirst`
    /// numbers the page (not copied by `clone`).
    var documentPosition: Int?

    init(element tag: String, attributes: [(name: String, value: String)] = []) {
        kind = .element
        self.tag = tag
        self.attributes = attributes
        text = ""
    }

    init(text: String) {
        kind = .text
        tag = ""
        attributes = []
        self.text = text
    }

    var isElement: Bool { kind == .element }

    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name {
            return attribute.value
        }
        return nil
    }

    func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append((name, value))
        }
    }

    var className: String { attribute("class") ?? "" }
    var id: String { attribute("id") ?? "" }

    // MARK: Tree changes

    func append(_ child: HTMLNode) {
        child.detach()
        child.parent = self
        children.append(child)
    }

    func insert(_ child: HTMLNode, at index: Int) {
        child.detach()
        child.parent = self
        children.insert(child, at: min(index, children.count))
    }

    /// Takes the node out of its parent (a no-op for a node without one).
    func detach() {
        guard let parent else { return }
        if let index = parent.children.firstIndex(where: { $0 === self }) {
            parent.children.remove(at: index)
        }
        self.parent = nil
    }

    /// Puts `replacement` where this node is.
    func replace(with replacement: HTMLNode) {
        guard let parent, let index = parent.children.firstIndex(where: { $0 === self }) else { return }
        replacement.detach()
        parent.children[index] = replacement
        replacement.parent = parent
        self.parent = nil
    }

    /// Moves all children of `other` to the end of this node's children.
    func adoptChildren(of other: HTMLNode) {
        let moved = other.children
        other.children = []
        for child in moved {
            child.parent = self
            children.append(child)
        }
    }

    /// Renames an element, keeping its children and attributes (Readability's `_setNodeTag`).
    func rename(_ newTag: String) {
        tag = newTag
    }

    /// A deep copy of the node and its subtree, without a parent (scores are not copied).
    func clone() -> HTMLNode {
        let copy = kind == .text ? HTMLNode(text: text) : HTMLNode(element: tag, attributes: attributes)
        copy.measuredRun = measuredRun
        copy.children.reserveCapacity(children.count)
        for child in children {
            let childCopy = child.clone()
            childCopy.parent = copy
            copy.children.append(childCopy)
        }
        return copy
    }

    // MARK: Navigation

    var elementChildren: [HTMLNode] { children.filter { $0.kind == .element } }

    var firstElementChild: HTMLNode? { children.first { $0.kind == .element } }

    var nextElementSibling: HTMLNode? {
        guard let parent, let index = parent.children.firstIndex(where: { $0 === self }) else { return nil }
        var next = index + 1
        while next < parent.children.count {
            if parent.children[next].kind == .element { return parent.children[next] }
            next += 1
        }
        return nil
    }

    var previousElementSibling: HTMLNode? {
        guard let parent, let index = parent.children.firstIndex(where: { $0 === self }) else { return nil }
        return parent.children[..<index].last { $0.kind == .element }
    }

    var nextSibling: HTMLNode? {
        guard let parent, let index = parent.children.firstIndex(where: { $0 === self }) else { return nil }
        return index + 1 < parent.children.count ? parent.children[index + 1] : nil
    }

    /// The next element in document order; with `skippingChildren`, the next one after this node's subtree.
    func nextElement(skippingChildren: Bool = false) -> HTMLNode? {
        if !skippingChildren, let child = firstElementChild { return child }
        var node: HTMLNode? = self
        while let current = node {
            if let sibling = current.nextElementSibling { return sibling }
            node = current.parent
        }
        return nil
    }

    /// The ancestors, nearest first, at most `limit` of them (all when limit is 0).
    func ancestors(limit: Int = 0) -> [HTMLNode] {
        var result: [HTMLNode] = []
        var node = parent
        while let current = node {
            result.append(current)
            if limit > 0 && result.count == limit { break }
            node = current.parent
        }
        return result
    }

    /// Whether `ancestor` is above this node.
    func hasAncestor(_ ancestor: HTMLNode) -> Bool {
        var node = parent
        while let current = node {
            if current === ancestor { return true }
            node = current.parent
        }
        return false
    }

    func hasAncestor(tag: String, maxDepth: Int = 3, where condition: ((HTMLNode) -> Bool)? = nil) -> Bool {
        var depth = 0
        var node = parent
        while let current = node {
            if maxDepth > 0 && depth > maxDepth { return false }
            if current.tag == tag && (condition?(current) ?? true) { return true }
            node = current.parent
            depth += 1
        }
        return false
    }

    /// The descendant elements with one of the tags, in document order.
    func descendants(tags: Set<String>) -> [HTMLNode] {
        var result: [HTMLNode] = []
        collect(tags: tags, into: &result)
        return result
    }

    private func collect(tags: Set<String>, into result: inout [HTMLNode]) {
        for child in children where child.kind == .element {
            if tags.contains(child.tag) { result.append(child) }
            child.collect(tags: tags, into: &result)
        }
    }

    func descendants(tag: String) -> [HTMLNode] {
        var result: [HTMLNode] = []
        collect(tag: tag, into: &result)
        return result
    }

    private func collect(tag: String, into result: inout [HTMLNode]) {
        for child in children where child.kind == .element {
            if child.tag == tag { result.append(child) }
            child.collect(tag: tag, into: &result)
        }
    }

    /// All descendant elements, in document order.
    func descendantElements() -> [HTMLNode] {
        var result: [HTMLNode] = []
        collectAll(into: &result)
        return result
    }

    private func collectAll(into result: inout [HTMLNode]) {
        for child in children where child.kind == .element {
            result.append(child)
            child.collectAll(into: &result)
        }
    }

    func countDescendants(tag: String) -> Int {
        var count = 0
        for child in children where child.kind == .element {
            if child.tag == tag { count += 1 }
            count += child.countDescendants(tag: tag)
        }
        return count
    }

    // MARK: Text

    /// All the text below the node, as the DOM's `textContent` gives it.
    var textContent: String {
        if kind == .text { return text }
        var result = ""
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout String) {
        for child in children {
            if child.kind == .text {
                result += child.text
            } else {
                child.appendText(to: &result)
            }
        }
    }

    /// Text with surrounding whitespace trimmed and inner runs of whitespace as one space
    /// (Readability's `_getInnerText`).
    var innerText: String { TextMetrics.normalize(textContent) }

    /// The length and comma count of `innerText`, without building it.
    var textMetrics: TextMetrics {
        var metrics = TextMetrics()
        metrics.add(self)
        metrics.finish()
        return metrics
    }

    var innerTextLength: Int { textMetrics.length }

    /// The metrics of a text node's text on its own, measured on first use (the text never changes).
    var textRun: TextMetrics.Run {
        if let measuredRun { return measuredRun }
        let run = TextMetrics.Run(text)
        measuredRun = run
        return run
    }

    /// Whether some text below the node is not whitespace (`innerTextLength > 0`, stopping at the first such text).
    var hasText: Bool {
        if kind == .text { return textRun.hasText }
        return children.contains { $0.hasText }
    }
}
