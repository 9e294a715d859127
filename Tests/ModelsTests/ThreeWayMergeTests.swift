import Models
import Testing

@Suite struct ThreeWayMergeTests {
    let base = "Intro line\nFirst point\nSecond point\nThird point\nClosing line"

    @Test func editsToDifferentLinesBothSurvive() {
        let ours = base.replacingOccurrences(of: "First point", with: "First point, sharpened")
        let theirs = base.replacingOccurrences(of: "Third point", with: "Third point, with a source")
        #expect(
            ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
                == .merged("Intro line\nFirst point, sharpened\nSecond point\nThird point, with a source\nClosing line"))
    }

    @Test func insertionsAndDeletionsElsewhereMerge() {
        let ours = "New first line\n" + base
        let theirs = base.replacingOccurrences(of: "Second point\n", with: "")
        #expect(
            ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
                == .merged("New first line\nIntro line\nFirst point\nThird point\nClosing line"))
        let appended = base + "\nA late thought"
        #expect(ThreeWayMerge.merge(base: base, ours: appended, theirs: theirs) == .merged(theirs + "\nA late thought"))
    }

    @Test func overlappingDifferentEditsConflict() {
        let ours = base.replacingOccurrences(of: "Second point", with: "Second point (mine)")
        let theirs = base.replacingOccurrences(of: "Second point", with: "Second point (theirs)")
        #expect(ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs) == .conflict)
    }

    @Test func sameEditOnBothSidesOrOneSideOnly() {
        let edited = base.replacingOccurrences(of: "Closing line", with: "Closing words")
        #expect(ThreeWayMerge.merge(base: base, ours: edited, theirs: edited) == .merged(edited))
        #expect(ThreeWayMerge.merge(base: base, ours: base, theirs: edited) == .merged(edited))
        #expect(ThreeWayMerge.merge(base: base, ours: edited, theirs: base) == .merged(edited))
        #expect(ThreeWayMerge.merge(base: "", ours: "only mine", theirs: "") == .merged("only mine"))
    }

    @Test func hugeTextsAreNotMerged() {
        let huge = (0...ThreeWayMerge.maximumLines).map { "line \($0)" }.joined(separator: "\n")
        #expect(ThreeWayMerge.merge(base: huge, ours: huge + "\na", theirs: "b\n" + huge) == .conflict)
    }

    /// Random texts with edits to disjoint, separated lines on each side always merge into the
    /// text with both edits.
    @Test func randomDisjointEditsAlwaysMerge() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let count = 6 + random.below(40)
            let lines = (0..<count).map { "line \($0) " + String(repeating: "x", count: random.below(5)) }
            var ours = lines
            var theirs = lines
            var expected = lines
            // Even lines for one side, odd lines for the other, never neighbours edited by both.
            for index in stride(from: 0, to: count, by: 4) where random.below(2) == 0 {
                ours[index] += " (ours)"
                expected[index] += " (ours)"
            }
            for index in stride(from: 2, to: count, by: 4) where random.below(2) == 0 {
                theirs[index] += " (theirs)"
                expected[index] += " (theirs)"
            }
            let merged = ThreeWayMerge.merge(
                base: lines.joined(separator: "\n"), ours: ours.joined(separator: "\n"), theirs: theirs.joined(separator: "\n"))
            #expect(merged == .merged(expected.joined(separator: "\n")))
        }
    }
}
