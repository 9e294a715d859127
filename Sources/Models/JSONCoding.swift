import Foundation

/// The JSON coders every Folio module uses: sorted keys and ISO-8601 dates, so output is a
/// stable contract for scripts and for the wire.
package enum FolioJSON {
    /// An encoder with sorted keys and ISO-8601 dates (fractional seconds kept).
    package static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISODate.format(date))
        }
        return encoder
    }

    /// A decoder that reads what `encoder` writes (and ISO-8601 dates without fractions).
    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISODate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 date: \(text)")
            }
            return date
        }
        return decoder
    }

    /// Encodes one value as compact JSON text.
    package static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}

/// ISO-8601 dates as Folio writes and reads them.
///
/// Folio keeps instants to the millisecond: `canonical` rounds a date to it, and `format` and
/// `parse` go through whole milliseconds, so a date written and read back (in JSON or in the
/// store) is exactly the same `Date`.
package enum ISODate {
    /// The date rounded to whole milliseconds since 1970.
    package static func canonical(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// `2025-02-08T10:11:12.345Z` (UTC, milliseconds). Sorts like the dates for years 0-9999.
    package static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, dayMillis) = floorDivide(millis, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMillis / 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(seconds / 3600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2) + "." + pad(dayMillis % 1000, 3) + "Z"
    }

    /// `2025-02-08` (UTC).
    package static func formatDay(_ date: Date) -> String {
        String(format(date).prefix(10))
    }

    /// Reads `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an
    /// offset (or none, taken as UTC). Returns nil for anything else, including impossible
    /// dates such as `2025-02-30`.
    package static func parse(_ text: String) -> Date? {
        // Trimmed only when it can change something: an ASCII byte other than a space or tab
        // at both ends leaves nothing to trim (and Foundation's trimming is costly).
        let plain = { (byte: UInt8?) in byte.map { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 } ?? false }
        let characters = plain(text.utf8.first) && plain(text.utf8.last) ? Array(text.utf8) : Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard characters.count >= 10, let dayStart = parseDayMillis(characters[0..<10]) else { return nil }
        if characters.count == 10 { return Date(timeIntervalSince1970: Double(dayStart) / 1000) }
        guard characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: " ") else { return nil }
        var index = 11
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= characters.count else { return nil }
            var value: Int64 = 0
            for character in characters[index..<index + digits] {
                guard character >= 48 && character <= 57 else { return nil }
                value = value * 10 + Int64(character - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let hour = number(2), hour < 24, expect(":"), let minute = number(2), minute < 60 else { return nil }
        var second: Int64 = 0
        var millis: Int64 = 0
        if expect(":") {
            guard let value = number(2), value < 60 else { return nil }
            second = value
            if expect(".") {
                var digits = 0
                var fraction: Int64 = 0
                while index < characters.count, characters[index] >= 48, characters[index] <= 57 {
                    if digits < 3 { fraction = fraction * 10 + Int64(characters[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<3 where digits < 3 { fraction *= 10 }
                millis = fraction
            }
        }
        var offsetMinutes: Int64 = 0
        if index < characters.count {
            if expect("Z") || expect("z") {
            } else if characters[index] == UInt8(ascii: "+") || characters[index] == UInt8(ascii: "-") {
                let sign: Int64 = characters[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2), hours < 24 else { return nil }
                _ = expect(":")
                guard let minutes = number(2), minutes < 60 else { return nil }
                offsetMinutes = sign * (hours * 60 + minutes)
            }
        }
        guard index == characters.count else { return nil }
        let total = dayStart + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// Reads `YYYY-MM-DD`, rejecting impossible days.
    package static func parseDay(_ text: String) -> Date? {
        let characters = Array(text.utf8)
        guard characters.count == 10, let millis = parseDayMillis(characters[0...]) else { return nil }
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    private static func parseDayMillis(_ characters: ArraySlice<UInt8>) -> Int64? {
        let bytes = Array(characters)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard bytes[index] >= 48 && bytes[index] <= 57 else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return days(fromCivil: year, month, day) * 86_400_000
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-calendar algorithms (days since 1970-01-01, proleptic Gregorian).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
