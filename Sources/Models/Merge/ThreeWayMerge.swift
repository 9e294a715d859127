import Foundation

/// A line-level three-way merge (diff3) of two edits of the same text: the base both started
/// from, and each side's version. Edits to different lines both survive; edits that overlap
/// and differ are a conflict. Bounded: texts past `maximumLines`, or whose changed middle
/// parts would need more than `maximumComparisons` line comparisons, are not merged (a
/// conflict), so a huge note cannot stall a sync.
///
/// It is pure and does not know about notes: `NoteBodyMerge` decides what to merge.
package enum ThreeWayMerge {
    /// What merging found.
    package enum Outcome: Sendable, Equatable {
        /// Both sides' edits, in one text.
        case merged(String)
        /// Overlapping edits that differ (or texts too large to merge).
        case conflict
    }

    package static let maximumLines = 20_000
    package static let maximumComparisons = 4_000_000

    /// Merges `ours` and `theirs`, two edits of `base`.
    package static func merge(base: String, ours: String, theirs: String) -> Outcome {
        if ours == theirs || theirs == base { return .merged(ours) }
        if ours == base { return .merged(theirs) }
        let (baseLines, ourLines, theirLines) = (lines(base), lines(ours), lines(theirs))
        guard max(baseLines.count, ourLines.count, theirLines.count) <= maximumLines,
            let ourMatches = matches(baseLines, ourLines), let theirMatches = matches(baseLines, theirLines)
        else { return .conflict }

        // Sync points: base lines left unchanged by both sides, then the ends of the texts.
        var syncs: [(base: Int, ours: Int, theirs: Int)] = []
        for index in baseLines.indices {
            if let ourIndex = ourMatches[index], let theirIndex = theirMatches[index] { syncs.append((index, ourIndex, theirIndex)) }
        }
        syncs.append((baseLines.count, ourLines.count, theirLines.count))

        var result: [Substring] = []
        var previous = (base: -1, ours: -1, theirs: -1)
        for sync in syncs {
            let baseChunk = baseLines[(previous.base + 1)..<sync.base]
            let ourChunk = ourLines[(previous.ours + 1)..<sync.ours]
            let theirChunk = theirLines[(previous.theirs + 1)..<sync.theirs]
            if ourChunk.elementsEqual(baseChunk) {
                result += theirChunk
            } else if theirChunk.elementsEqual(baseChunk) || ourChunk.elementsEqual(theirChunk) {
                result += ourChunk
            } else {
                return .conflict
            }
            if sync.base < baseLines.count { result.append(baseLines[sync.base]) }
            previous = sync
        }
        return .merged(result.joined(separator: "\n"))
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// For each element of `base` (a line, or a word for `WordDiff`), the element of `other` it
    /// is matched with in a longest common subsequence (nil when it was changed or removed);
    /// nil when the comparison is too large.
    static func matches<Element: Equatable>(_ base: [Element], _ other: [Element]) -> [Int?]? {
        var result = [Int?](repeating: nil, count: base.count)
        // The common start and end need no search.
        var prefix = 0
        while prefix < base.count, prefix < other.count, base[prefix] == other[prefix] {
            result[prefix] = prefix
            prefix += 1
        }
        var suffix = 0
        while suffix < base.count - prefix, suffix < other.count - prefix, base[base.count - 1 - suffix] == other[other.count - 1 - suffix] {
            result[base.count - 1 - suffix] = other.count - 1 - suffix
            suffix += 1
        }
        let middleBase = Array(base[prefix..<(base.count - suffix)])
        let middleOther = Array(other[prefix..<(other.count - suffix)])
        guard !middleBase.isEmpty, !middleOther.isEmpty else { return result }
        guard middleBase.count * middleOther.count <= maximumComparisons else { return nil }
        // Longest common subsequence by dynamic programming over the middle parts.
        let (rows, columns) = (middleBase.count, middleOther.count)
        var lengths = [Int32](repeating: 0, count: (rows + 1) * (columns + 1))
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in stride(from: columns - 1, through: 0, by: -1) {
                let here = row * (columns + 1) + column
                lengths[here] =
                    middleBase[row] == middleOther[column]
                    ? lengths[here + columns + 2] + 1 : max(lengths[here + columns + 1], lengths[here + 1])
            }
        }
        var (row, column) = (0, 0)
        while row < rows, column < columns {
            if middleBase[row] == middleOther[column] {
                result[prefix + row] = prefix + column
                row += 1
                column += 1
            } else if lengths[(row + 1) * (columns + 1) + column] >= lengths[row * (columns + 1) + column + 1] {
                row += 1
            } else {
                column += 1
            }
        }
        return result
    }
}
