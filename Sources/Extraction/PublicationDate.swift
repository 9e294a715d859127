import Foundation

/// Reads the publication dates pages write: ISO 8601 and its common variants (`2019-04-28 06:01:07`,
/// `2021-11-01T10:52:50+0100`, `2019-01-03T07:00:02.000Z`, `2017-03-09`), and RFC 1123 / 2822 dates
/// (`Tue, 05 Jan 2016 10:00:00 GMT`). A date without a time zone is taken as UTC.
enum PublicationDate {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingASCIIWhitespace()
        return parseISO(Array(trimmed.utf8)) ?? parseRFC(trimmed)
    }

    private static func parseISO(_ bytes: [UInt8]) -> Date? {
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            if index < bytes.count && bytes[index] == byte {
                index += 1
                return true
            }
            return false
        }
        guard let year = number(4), skip(0x2D), let month = number(2), skip(0x2D), let day = number(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0.0
        var offsetSeconds = 0
        if index < bytes.count && (bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20) {
            index += 1
            guard let parsedHour = number(2), skip(0x3A), let parsedMinute = number(2) else { return nil }
            hour = parsedHour
            minute = parsedMinute
            if skip(0x3A), let parsedSecond = number(2) {
                second = Double(parsedSecond)
                if skip(0x2E) || skip(0x2C) {
                    var scale = 0.1
                    while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                        second += Double(bytes[index] - 0x30) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
            while index < bytes.count && bytes[index] == 0x20 { index += 1 }
            if skip(0x5A) || skip(0x7A) {
                offsetSeconds = 0
            } else if index < bytes.count && (bytes[index] == 0x2B || bytes[index] == 0x2D) {
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let offsetHours = number(2) else { return nil }
                _ = skip(0x3A)
                let offsetMinutes = number(2) ?? 0
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 - offsetSeconds) + second
        return Date(timeIntervalSince1970: seconds)
    }

    private static func parseRFC(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, d MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss zzz", "MMMM d, yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
