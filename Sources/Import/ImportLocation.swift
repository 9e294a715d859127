/// Where an item came from: the file (and the entry of a zip) and the row, line or element.
package struct ImportLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as named on the command line, with `:entry` for an entry of a zip.
    package var file: String
    /// The row of a CSV file (the header is row 1), the item's position in a JSON array or a
    /// bookmark file (from 1), or the line of a highlights file.
    package var row: Int

    package init(file: String, row: Int) {
        self.file = file
        self.row = row
    }

    package var description: String { "\(file), row \(row)" }
}
