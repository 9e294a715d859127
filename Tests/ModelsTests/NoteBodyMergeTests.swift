import Foundation
import Testing

@testable import Models

/// Versions of one note's body from several devices, with explicit clocks.
private struct Bodies {
    static let noteID = "01a22157-7a89-79cc-8659-315fc7406b01"
    static let base = "Intro\nFirst point\nSecond point\nClosing"

    static func clock(_ millis: Int64, _ device: String) -> HLCTimestamp {
        HLCTimestamp(wallMillis: millis, counter: 0, deviceID: device)
    }

    static func version(_ millis: Int64, _ device: String, _ text: String, base: [HLCTimestamp]?) -> NoteBodyVersion {
        NoteBodyVersion(timestamp: clock(millis, device), text: text, base: base)
    }

    static func create(_ body: String, at timestamp: HLCTimestamp) throws -> Change {
        let note = Note(id: noteID, body: body, createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        return Change(entity: .note, entityID: noteID, operation: .create, value: try FolioJSON.string(note), timestamp: timestamp)
    }

    static func edit(_ text: String, base: [HLCTimestamp], at timestamp: HLCTimestamp) throws -> Change {
        Change(
            entity: .note, entityID: noteID, operation: .update, field: "body",
            value: try FolioJSON.string(NoteBodyEdit(text: text, base: base)), timestamp: timestamp)
    }
}

@Suite struct NoteBodyMergeTests {
    let root = Bodies.version(1000, "a", Bodies.base, base: nil)

    @Test func oneDeviceAtATimeShowsItsLatestBody() throws {
        let second = Bodies.version(2000, "a", "Second body", base: [root.timestamp])
        let third = Bodies.version(3000, "b", "Third body", base: [second.timestamp])
        let result = try #require(NoteBodyMerge.merge([third, root, second]))
        #expect(result.text == "Third body")
        #expect(result.heads == [third.timestamp])
        #expect(result.conflicts.isEmpty)
    }

    @Test func concurrentEditsToDifferentLinesMergeIntoOneBody() throws {
        let fromA = Bodies.version(
            2000, "a", Bodies.base.replacingOccurrences(of: "First point", with: "First point, sharper"), base: [root.timestamp])
        let fromB = Bodies.version(2100, "b", Bodies.base.replacingOccurrences(of: "Closing", with: "Closing, with a source"), base: [root.timestamp])
        let result = try #require(NoteBodyMerge.merge([root, fromA, fromB]))
        #expect(result.text == "Intro\nFirst point, sharper\nSecond point\nClosing, with a source")
        #expect(result.heads == [fromA.timestamp, fromB.timestamp])
        #expect(result.conflicts.isEmpty)
    }

    @Test func overlappingEditsKeepTheLaterBodyAndTheOtherAsAConflict() throws {
        let fromA = Bodies.version(2000, "a", Bodies.base.replacingOccurrences(of: "Second point", with: "Second point (A)"), base: [root.timestamp])
        let fromB = Bodies.version(1900, "b", Bodies.base.replacingOccurrences(of: "Second point", with: "Second point (B)"), base: [root.timestamp])
        let result = try #require(NoteBodyMerge.merge([fromA, root, fromB]))
        #expect(result.text == fromA.text)  // later by clock
        #expect(result.heads == [fromA.timestamp])
        #expect(result.conflicts == [NoteConflict(body: fromB.text, versions: [fromB.timestamp])])
        #expect(result.allHeads == [fromB.timestamp, fromA.timestamp])

        // An ordinary edit of the shown text leaves the conflict: it follows only that text.
        let edited = Bodies.version(3000, "a", fromA.text + "\nMore", base: result.heads)
        let afterEdit = try #require(NoteBodyMerge.merge([root, fromA, fromB, edited]))
        #expect(afterEdit.text == edited.text)
        #expect(afterEdit.conflicts == [NoteConflict(body: fromB.text, versions: [fromB.timestamp])])

        // Resolving follows every head: one body again, whatever was chosen.
        let resolved = Bodies.version(4000, "b", fromB.text, base: afterEdit.allHeads)
        let afterResolve = try #require(NoteBodyMerge.merge([root, fromA, fromB, edited, resolved]))
        #expect(afterResolve.text == fromB.text)
        #expect(afterResolve.conflicts.isEmpty)
        #expect(afterResolve.heads == [resolved.timestamp])
    }

    @Test func anEditThatFollowsAMergeEndsIt() throws {
        let fromA = Bodies.version(2000, "a", "New intro\n" + Bodies.base, base: [root.timestamp])
        let fromB = Bodies.version(2100, "b", Bodies.base + "\nP.S.", base: [root.timestamp])
        let merged = try #require(NoteBodyMerge.merge([root, fromA, fromB]))
        let next = Bodies.version(3000, "c", merged.text.replacingOccurrences(of: "Intro", with: "Intro!"), base: merged.heads)
        let result = try #require(NoteBodyMerge.merge([root, fromA, fromB, next]))
        #expect(result.text == "New intro\nIntro!\nFirst point\nSecond point\nClosing\nP.S.")
        #expect(result.heads == [next.timestamp])
    }

    @Test func bodiesThatNameNoBaseAreLastWriterWins() throws {
        // Bodies written before versions were named, and snapshots: each follows every
        // earlier version.
        let versions = [root, Bodies.version(2000, "b", "Old B", base: nil), Bodies.version(1500, "c", "Old C", base: nil)]
        let result = try #require(NoteBodyMerge.merge(versions))
        #expect(result.text == "Old B")
        #expect(result.conflicts.isEmpty)
        // A named edit made from an earlier version than the last unnamed one is concurrent
        // with it: here they overlap, so the later one shows and the other is a conflict.
        let late = Bodies.version(2500, "c", "Old C\nplus", base: [versions[2].timestamp])
        let mixed = try #require(NoteBodyMerge.merge(versions + [late]))
        #expect(mixed.text == late.text)
        #expect(mixed.allHeads == [versions[1].timestamp, late.timestamp])
    }

    @Test func unknownAndImpossibleBasesAreIgnored() throws {
        let unknown = Bodies.version(2000, "a", "From a version not here yet", base: [Bodies.clock(1500, "z")])
        let future = Bodies.version(2100, "b", Bodies.base + "\nEnd", base: [Bodies.clock(9000, "z"), root.timestamp])
        let result = try #require(NoteBodyMerge.merge([root, unknown, future]))
        // `unknown` shares no version with the others: merged against an empty base, it
        // conflicts; `future` is an edit of the root.
        #expect(result.heads == [future.timestamp])
        #expect(result.conflicts.map(\.versions) == [[unknown.timestamp]])
        #expect(NoteBodyMerge.merge([NoteBodyVersion]()) == nil)
    }

    /// Random concurrent edits from several devices, applied through `MergeRules` in random
    /// orders and with duplicates: every order gives the same note, body and conflicts
    /// included, and every edit of a line only one device touched survives.
    @Test func randomConcurrentEditsConvergeInAnyOrder() throws {
        var random = SplitMix64(seed: 11)
        for round in 0..<150 {
            let lines = (0..<8).map { "line \($0)" }
            let createdAt = Bodies.clock(1000, "a")
            var changes = [try Bodies.create(lines.joined(separator: "\n"), at: createdAt)]
            var expectedLines = lines
            let devices = ["a", "b", "c", "d"].prefix(2 + random.below(3))
            for (offset, device) in devices.enumerated() {
                // Each device edits its own lines (two apart), so the edits merge.
                var text = lines
                for line in stride(from: offset * 2, to: lines.count, by: devices.count * 2) where random.chance(70) {
                    text[line] += " (\(device))"
                    expectedLines[line] += " (\(device))"
                }
                let edit = try Bodies.edit(
                    text.joined(separator: "\n"), base: [createdAt], at: Bodies.clock(2000 + Int64(random.below(500)), device))
                changes.append(edit)
            }
            var results: Set<Note> = []
            for _ in 0..<4 {
                var order = changes + changes.filter { _ in random.chance(30) }
                random.shuffle(&order)
                var state = MergeState()
                for change in order { MergeRules.apply(change, to: &state) }
                results.insert(try #require(state.note(id: Bodies.noteID).item))
            }
            #expect(results.count == 1, "round \(round)")
            let note = try #require(results.first)
            #expect(note.body == expectedLines.joined(separator: "\n"), "round \(round)")
            #expect(!note.hasConflict)
        }
    }

    /// A huge note edited on two devices is not merged line by line (that could stall a
    /// sync): it is a conflict, with both texts kept.
    @Test func hugeNotesConflictRatherThanMerge() throws {
        let lines = (0...ThreeWayMerge.maximumLines).map { "line \($0)" }
        let huge = Bodies.version(1000, "a", lines.joined(separator: "\n"), base: nil)
        let first = Bodies.version(2000, "a", (["changed first"] + lines.dropFirst()).joined(separator: "\n"), base: [huge.timestamp])
        let last = Bodies.version(2100, "b", (lines.dropLast() + ["changed last"]).joined(separator: "\n"), base: [huge.timestamp])
        let result = try #require(NoteBodyMerge.merge([huge, first, last]))
        #expect(result.text == last.text)
        #expect(result.conflicts == [NoteConflict(body: first.text, versions: [first.timestamp])])
    }

    @Test func mergeRulesCountEveryNewVersionAsApplied() throws {
        let created = Bodies.clock(1000, "a")
        let create = try Bodies.create("one", at: created)
        let later = try Bodies.edit("two", base: [created], at: Bodies.clock(3000, "a"))
        let earlier = try Bodies.edit("three", base: [created], at: Bodies.clock(2000, "b"))
        var state = MergeState()
        #expect(MergeRules.apply(create, to: &state) == .applied)
        #expect(MergeRules.apply(later, to: &state) == .applied)
        // Older by clock, but a concurrent edit: it is part of the merge, not superseded.
        #expect(MergeRules.apply(earlier, to: &state) == .applied)
        #expect(MergeRules.apply(earlier, to: &state) == .superseded)
        let note = try #require(state.note(id: Bodies.noteID).item)
        #expect(note.body == "two")
        #expect(note.conflicts == [NoteConflict(body: "three", versions: [earlier.timestamp])])
    }
}

@Suite struct WordDiffTests {
    @Test func changedWordsAreMarkedAndTheRestShared() {
        #expect(
            WordDiff.diff("the quick brown fox jumps", "the quick red fox leaps")
                == [.same("the quick "), .removed("brown"), .added("red"), .same(" fox "), .removed("jumps"), .added("leaps")])
        #expect(WordDiff.diff("keep this", "keep this") == [.same("keep this")])
        #expect(WordDiff.diff("", "new words") == [.added("new words")])
        #expect(WordDiff.diff("a b c d", "a x y d") == [.same("a "), .removed("b c"), .added("x y"), .same(" d")])
    }

    /// Each side's text comes back from its segments.
    @Test func segmentsGiveBothTextsBack() {
        var random = SplitMix64(seed: 3)
        let vocabulary = ["alpha", "beta", "gamma", "delta", "\n", "  ", "é", "naïve"]
        for _ in 0..<300 {
            func text() -> String {
                (0..<random.below(12)).map { _ in random.pick(vocabulary) ?? "" }.joined(separator: random.chance(20) ? "\n" : " ")
            }
            let (old, new) = (text(), text())
            let segments = WordDiff.diff(old, new)
            var (rebuiltOld, rebuiltNew) = ("", "")
            for segment in segments {
                switch segment {
                case .same(let text):
                    rebuiltOld += text
                    rebuiltNew += text
                case .removed(let text): rebuiltOld += text
                case .added(let text): rebuiltNew += text
                }
            }
            #expect(rebuiltOld == old)
            #expect(rebuiltNew == new)
        }
    }
}

@Suite struct JSONTextTests {
    @Test func membersKeepEachValueAsItsJSONText() throws {
        let json =
            #"{ "title" : "A \"quoted\" title", "tags":["a","b"], "n": -1.5e3, "ok": true, "none": null, "#
            + #""o": {"x": [1, {"y": "}"}]}, "k\u00e9y": 1 }"#
        let members = try #require(JSONText.members(json))
        #expect(members["title"] == #""A \"quoted\" title""#)
        #expect(members["tags"] == #"["a","b"]"#)
        #expect(members["n"] == "-1.5e3")
        #expect(members["ok"] == "true")
        #expect(members["none"] == "null")
        #expect(members["o"] == #"{"x": [1, {"y": "}"}]}"#)
        #expect(members["kéy"] == "1")
        #expect(JSONText.members("{}") == [:])
    }

    @Test func brokenObjectsAreRefused() {
        for broken in [
            "", "[1]", "{", #"{"a":}"#, #"{"a" 1}"#, #"{"a":1,}"#, #"{"a":"x}"#, #"{"a":1} x"#, #"{"a":[1}"#, #"{"a":tru}"#,
            #"{"a":0x10}"#, "{\"a\":\"line\nbreak\"}", #"{a:1}"#,
        ] {
            #expect(JSONText.members(broken) == nil, "\(broken)")
        }
    }

    /// Random strings come back from their literal, and random objects split into the
    /// values a full parser reads.
    @Test func literalsAndMembersAgreeWithAFullParser() throws {
        var random = SplitMix64(seed: 21)
        let pieces = ["a", "é", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", " ", "}", "]", "{", "😀", "/"]
        for _ in 0..<300 {
            let text = (0..<random.below(12)).map { _ in random.pick(pieces) ?? "" }.joined()
            #expect(try JSONDecoder().decode(String.self, from: Data(JSONText.string(text).utf8)) == text)
            let object: [String: Any] = ["s": text, "n": random.below(1000), "a": [text, random.below(5)], "o": ["k": text]]
            let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let members = try #require(JSONText.members(json))
            #expect(Set(members.keys) == ["s", "n", "a", "o"])
            for (key, value) in members {
                let parsed = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
                let expected = try #require(object[key])
                #expect(
                    try JSONSerialization.data(withJSONObject: [parsed], options: .sortedKeys)
                        == JSONSerialization.data(withJSONObject: [expected], options: .sortedKeys))
            }
        }
    }

    /// A string literal read in one pass gives what `JSONDecoder` gives, for literals written
    /// by Folio, by `JSONEncoder` (which escapes "/"), and by hand with every escape, `\u` in
    /// both cases and pairs for scalars beyond the first plane; whatever it leaves to the
    /// decoder (nil) is a literal the decoder refuses or one it can read.
    @Test func stringLiteralsReadInOnePassAgreeWithJSONDecoder() throws {
        var random = SplitMix64(seed: 34)
        let pieces = ["a", "é", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{00}", " ", "/", "😀", "字", "\u{7F}"]
        let escapes = [
            #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u0041"#, #"\u00e9"#, #"\u00E9"#, #"\u5b57"#,
            #"\ud83d\ude00"#, #"\uD83D\uDE00"#, #"\u0000"#, "x", "é", "😀",
        ]
        let broken = [#"\ud83d"#, #"\ude00"#, #"\ud83dx"#, #"\u12"#, #"\uzzzz"#, #"\x"#, "\"", "\n", "\u{01}", #"\"#]
        func decoded(_ literal: String) -> String? { try? JSONDecoder().decode(String.self, from: Data(literal.utf8)) }
        for round in 0..<600 {
            let text = (0..<random.below(16)).map { _ in random.pick(pieces) ?? "" }.joined()
            for literal in [JSONText.string(text), String(decoding: try JSONEncoder().encode(text), as: UTF8.self)] {
                #expect(JSONText.stringValue(literal) == text, "\(literal)")
            }
            var handMade = (0..<random.below(10)).map { _ in random.pick(escapes) ?? "" }
            if round % 3 == 0 { handMade.insert(random.pick(broken) ?? "", at: random.below(handMade.count + 1)) }
            let literal = "\"" + handMade.joined() + "\""
            let fast = JSONText.stringValue(literal)
            if let fast {
                #expect(fast == decoded(literal), "\(literal)")
            } else {
                #expect(round % 3 == 0, "a well-formed literal left to the decoder: \(literal)")
            }
        }
        for notOneLiteral in ["", "\"", "abc", "\"a\" ", " \"a\"", "\"a\"b\"", "1", "null"] {
            #expect(JSONText.stringValue(notOneLiteral) == nil, "\(notOneLiteral)")
        }
    }

    /// The word count read from UTF-8 bytes says what `CharacterSet.alphanumerics` says of
    /// scalars of every length (2, 3 and 4 bytes), next to ASCII and to each other.
    @Test func multibyteWordCharactersAreTheAlphanumerics() {
        let samples =
            Array(stride(from: 0x80, to: 0x800, by: 7)) + Array(stride(from: 0x800, to: 0x10000, by: 211))
            + Array(stride(from: 0x10000, to: 0x110000, by: 4099))
        for value in samples {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }  // surrogates
            let isWord = CharacterSet.alphanumerics.contains(scalar)
            #expect(TextStatistics(markdown: "a" + String(scalar) + "b").wordCount == (isWord ? 1 : 2), "scalar \(value)")
            #expect(TextStatistics(markdown: " " + String(scalar) + String(scalar) + " ").wordCount == (isWord ? 1 : 0), "scalar \(value)")
        }
    }

    /// The word count's fast path for ASCII says what `CharacterSet.alphanumerics` says.
    @Test func asciiWordCharactersAreTheAlphanumerics() {
        for value in 0..<128 {
            let scalar = Unicode.Scalar(UInt8(value))
            let expected = CharacterSet.alphanumerics.contains(scalar) ? 1 : 2
            #expect(TextStatistics(markdown: "a" + String(scalar) + "b").wordCount == expected, "scalar \(value)")
        }
    }
}
