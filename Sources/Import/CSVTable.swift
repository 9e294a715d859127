import CSV
import Foundation

/// A CSV file read by its header: columns found by name (any case, any order), never by
/// position, as exports change their columns over the years. Parsing is CSV.swift's (quoted
/// fields with commas, `""` and line breaks, CRLF or LF).
struct CSVTable {
    let file: String
    /// The header's names, trimmed and lowercased.
    let header: [String]
    private let reader: CSVReader
    private(set) var rowNumber = 1

    /// Reads the header row of `text`. An empty file has no header: that is an error only if
    /// the caller needs one.
    init(_ text: String, file: String) throws(ImportError) {
        self.file = file
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw .malformed(file: file, reason: "the file is empty")
        }
        header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
    }

    /// The index of the first of `names` (lowercase) the header has.
    func column(_ names: String...) -> Int? {
        for name in names { if let index = header.firstIndex(of: name) { return index } }
        return nil
    }

    /// The index of a column the format cannot do without.
    func requiredColumn(_ names: String...) throws(ImportError) -> Int {
        for name in names { if let index = header.firstIndex(of: name) { return index } }
        throw .missingColumn(file: file, column: names[0])
    }

    /// The next row's fields, or nil at the end. Blank lines are skipped.
    mutating func next() -> [String]? {
        while let row = reader.next() {
            rowNumber += 1
            if row.count == 1 && row[0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            return row
        }
        return nil
    }

    /// Whether `header` has every one of `names`: how the formats are told apart.
    static func header(_ header: [String], has names: [String]) -> Bool {
        names.allSatisfy(header.contains)
    }
}

extension Array where Element == String {
    /// The field at `index`, trimmed; nil when the column is missing or the field empty.
    subscript(field index: Int?) -> String? {
        guard let index, index < count else { return nil }
        let value = self[index].trimmedImport
        return value.isEmpty ? nil : value
    }
}

extension String {
    /// Without white space (line breaks included) at either end; the string itself when it has
    /// none there, the common case, without going through Foundation's bridged trimming.
    var trimmedImport: String {
        guard let first = first, let last = last, first.isWhitespace || last.isWhitespace else { return self }
        return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
