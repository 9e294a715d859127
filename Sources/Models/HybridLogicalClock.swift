import Foundation

/// A hybrid logical clock timestamp: wall-clock milliseconds, a counter that orders events
/// within one millisecond (or while the wall clock lags behind a timestamp already seen), and
/// the device that made it, which breaks ties.
///
/// Timestamps compare in that order, and their string form sorts the same way, so the change
/// log and the merge rules can compare them as text.
package struct HLCTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970 (physical part).
    package var wallMillis: Int64
    /// Logical counter within the same `wallMillis`.
    package var counter: Int
    /// The id of the device that issued the timestamp.
    package var deviceID: String

    package init(wallMillis: Int64, counter: Int, deviceID: String) {
        self.wallMillis = wallMillis
        self.counter = counter
        self.deviceID = deviceID
    }

    package static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        (lhs.wallMillis, lhs.counter, lhs.deviceID) < (rhs.wallMillis, rhs.counter, rhs.deviceID)
    }

    /// The wall-clock part as a date (what the merge rules record as, say, `trashedAt`).
    package var date: Date { Date(timeIntervalSince1970: Double(wallMillis) / 1000) }

    /// The largest counter: the text form has 5 digits for it, so that timestamps sort as text.
    package static let maximumCounter = 99_999

    /// Fixed-width text form, `0001733000000000-00000-DEVICE`, that sorts like the timestamps.
    package var description: String {
        let wall = String(wallMillis)
        let count = String(counter)
        return String(repeating: "0", count: max(0, 16 - wall.count)) + wall + "-"
            + String(repeating: "0", count: max(0, 5 - count.count)) + count + "-" + deviceID
    }

    /// Parses the text form written by `description`.
    ///
    /// The dashes are found among Unicode scalars, not characters: a character after a dash
    /// that extends it (an emoji modifier, a combining mark) would hide the dash in a grapheme.
    package init?(_ text: String) {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(of: "-"),
            let second = scalars[scalars.index(after: first)...].firstIndex(of: "-"),
            let wall = Int64(String(scalars[..<first])),
            let count = Int(String(scalars[scalars.index(after: first)..<second]))
        else { return nil }
        let device = String(scalars[scalars.index(after: second)...])
        guard !device.isEmpty else { return nil }
        self.init(wallMillis: wall, counter: count, deviceID: device)
    }

    package init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = HLCTimestamp(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a clock timestamp: \(text)"))
        }
        self = value
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The clock of one device. It never goes backwards, even when the wall clock does, and it
/// moves past every timestamp it receives from other devices.
package struct HybridLogicalClock: Sendable {
    /// The last timestamp issued or observed.
    package private(set) var last: HLCTimestamp

    package init(deviceID: String, last: HLCTimestamp? = nil) {
        self.last =
            last.map { HLCTimestamp(wallMillis: $0.wallMillis, counter: $0.counter, deviceID: deviceID) }
            ?? HLCTimestamp(wallMillis: 0, counter: 0, deviceID: deviceID)
    }

    /// Issues a timestamp for a local event at wall-clock time `now`.
    package mutating func tick(now: Date = Date()) -> HLCTimestamp {
        let wall = Self.wallMillis(now)
        if wall > last.wallMillis {
            last = HLCTimestamp(wallMillis: wall, counter: 0, deviceID: last.deviceID)
        } else {
            last = Self.successor(wallMillis: last.wallMillis, counter: last.counter, deviceID: last.deviceID)
        }
        return last
    }

    /// Moves the clock past a timestamp received from elsewhere.
    ///
    /// Whatever `remote` holds (it comes from another device, through a server), this never
    /// traps: a counter at its maximum moves the wall time on by a millisecond instead.
    package mutating func observe(_ remote: HLCTimestamp, now: Date = Date()) {
        let wall = Self.wallMillis(now)
        let maxWall = max(wall, last.wallMillis, remote.wallMillis)
        let counter: Int
        if maxWall == last.wallMillis && maxWall == remote.wallMillis {
            counter = max(last.counter, remote.counter)
        } else if maxWall == last.wallMillis {
            counter = last.counter
        } else if maxWall == remote.wallMillis {
            counter = remote.counter
        } else {
            last = HLCTimestamp(wallMillis: maxWall, counter: 0, deviceID: last.deviceID)
            return
        }
        last = Self.successor(wallMillis: maxWall, counter: counter, deviceID: last.deviceID)
    }

    /// The smallest timestamp after (`wallMillis`, `counter`): the next counter, or when the
    /// counter is at its maximum (`HLCTimestamp.maximumCounter`, or beyond it in a timestamp
    /// from elsewhere), the next millisecond. At the end of both ranges the clock
    /// stays where it is: no later timestamp exists, and trapping would stop every sync.
    private static func successor(wallMillis: Int64, counter: Int, deviceID: String) -> HLCTimestamp {
        if counter < HLCTimestamp.maximumCounter {
            return HLCTimestamp(wallMillis: wallMillis, counter: counter + 1, deviceID: deviceID)
        }
        if wallMillis < Int64.max {
            return HLCTimestamp(wallMillis: wallMillis + 1, counter: 0, deviceID: deviceID)
        }
        // The last millisecond (only a hostile timestamp gets here): count on as far as `Int`
        // goes.
        if counter < Int.max {
            return HLCTimestamp(wallMillis: wallMillis, counter: counter + 1, deviceID: deviceID)
        }
        return HLCTimestamp(wallMillis: wallMillis, counter: counter, deviceID: deviceID)
    }

    /// Whole milliseconds since 1970 at `date`, clamped to the range of `Int64` (converting a
    /// date out of it, or not a number, to `Int64` would trap).
    private static func wallMillis(_ date: Date) -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        if millis.isNaN { return 0 }
        // -2^63 and 2^63 are exactly representable as Doubles; Int64.max is not.
        if millis < -9_223_372_036_854_775_808.0 { return Int64.min }
        return millis >= 9_223_372_036_854_775_808.0 ? Int64.max : Int64(millis)
    }
}
