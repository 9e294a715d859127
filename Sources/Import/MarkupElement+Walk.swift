import Extraction

extension MarkupElement {
    /// Calls `visit` on every element inside this one, in document order (before its children).
    func walk(_ visit: (MarkupElement) -> Void) {
        for child in children {
            if case .element(let element) = child {
                visit(element)
                element.walk(visit)
            }
        }
    }
}
