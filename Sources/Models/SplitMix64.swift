/// SplitMix64: a tiny seedable pseudo-random generator, so that generated libraries, random
/// tests and simulations are identical on every run and every machine.
///
/// Draw integers and shuffle with its own helpers rather than the standard library's
/// `random(in:using:)` and `shuffle(using:)`, whose algorithms are not guaranteed to stay the
/// same across toolchains.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    /// A generator for item `index` of a stream named by `salt`, independent of how items are
    /// batched: item 5000 is the same whatever the batch size.
    package init(seed: UInt64, salt: UInt64, index: Int) {
        var mixer = SplitMix64(seed: seed ^ (salt &* 0xD6E8_FEB8_6659_FD93))
        let base = mixer.next()
        state = base ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
        _ = next()
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive). The modulo bias is negligible
    /// for the small bounds used here.
    package mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    /// A number in `range` (its lower bound when the range is empty).
    package mutating func between(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    package mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element of a non-empty array; nil when it is empty.
    package mutating func pick<T>(_ elements: [T]) -> T? {
        elements.isEmpty ? nil : elements[below(elements.count)]
    }

    /// Fisher–Yates shuffle with this generator.
    package mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, below(index + 1))
        }
    }
}
