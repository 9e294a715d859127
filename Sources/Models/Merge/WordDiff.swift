import Foundation

/// A word-level difference between two texts, as `folio note resolve` shows the two sides of
/// a conflict: the words both share, and those only one has. Words are runs of non-space
/// characters; the spaces between them are kept, so joining the segments of one side gives
/// its text back. Bounded like `ThreeWayMerge`: texts too large to compare come out as one
/// removal and one addition.
package enum WordDiff {
    /// A run of text and which side has it.
    package enum Segment: Sendable, Equatable {
        /// In both texts.
        case same(String)
        /// Only in the old text.
        case removed(String)
        /// Only in the new text.
        case added(String)
    }

    /// The segments that turn `old` into `new`, in reading order.
    package static func diff(_ old: String, _ new: String) -> [Segment] {
        let (oldWords, newWords) = (words(old), words(new))
        guard let matches = ThreeWayMerge.matches(oldWords, newWords) else {
            return [old.isEmpty ? nil : Segment.removed(old), new.isEmpty ? nil : Segment.added(new)].compactMap { $0 }
        }
        var segments: [Segment] = []
        func append(_ segment: Segment) {
            switch (segments.last, segment) {
            case (.same(let a)?, .same(let b)): segments[segments.count - 1] = .same(a + b)
            case (.removed(let a)?, .removed(let b)): segments[segments.count - 1] = .removed(a + b)
            case (.added(let a)?, .added(let b)): segments[segments.count - 1] = .added(a + b)
            default: segments.append(segment)
            }
        }
        var next = 0  // the next word of `new` not yet written
        for (index, word) in oldWords.enumerated() {
            guard let match = matches[index] else {
                append(.removed(String(word)))
                continue
            }
            for added in newWords[next..<match] { append(.added(String(added))) }
            append(.same(String(word)))
            next = match + 1
        }
        for added in newWords[next...] { append(.added(String(added))) }
        return absorbingSpaces(segments)
    }

    /// Words and the runs of white space between them, in order.
    static func words(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if next < text.endIndex, text[index].isWhitespace != text[next].isWhitespace {
                result.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// A run of white space alone between changes that remove and add reads better as part
    /// of them: `[-a b-]{+c d+}` rather than `[-a-]{+c+} [-b-]{+d+}`.
    private static func absorbingSpaces(_ segments: [Segment]) -> [Segment] {
        var result: [Segment] = []
        var index = 0
        while index < segments.count {
            guard segments[index].isChange else {
                result.append(segments[index])
                index += 1
                continue
            }
            // A run of changes, with the white space between them.
            var end = index + 1
            while end < segments.count {
                if segments[end].isChange {
                    end += 1
                } else if case .same(let text) = segments[end], text.allSatisfy(\.isWhitespace), end + 1 < segments.count,
                    segments[end + 1].isChange
                {
                    end += 2
                } else {
                    break
                }
            }
            var removed: String?
            var added: String?
            for segment in segments[index..<end] {
                if case .removed = segment { removed = removed ?? "" }
                if case .added = segment { added = added ?? "" }
            }
            for segment in segments[index..<end] {
                switch segment {
                case .same(let text):
                    removed? += text
                    added? += text
                case .removed(let text): removed? += text
                case .added(let text): added? += text
                }
            }
            if let removed, let added {
                result += [.removed(removed), .added(added)]
            } else {
                result += segments[index..<end]  // one side only: the space is in both texts
            }
            index = end
        }
        return result
    }
}

extension WordDiff.Segment {
    var isChange: Bool {
        if case .same = self { return false }
        return true
    }
}
