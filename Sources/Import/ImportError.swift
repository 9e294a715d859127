/// Why a file cannot be imported at all. Nothing is imported then: the message names the file
/// (and the row) and says what is wrong.
package enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The content matches no format folio reads.
    case unrecognized(file: String)
    /// `--from` names a format folio does not read.
    case unknownFormat(String)
    /// The file is not what `--from` (or its start) said: the reason.
    case malformed(file: String, reason: String)
    /// A CSV file without a column the format needs.
    case missingColumn(file: String, column: String)
    /// Bytes that are not UTF-8, at a row.
    case invalidUTF8(file: String, row: Int?)
    /// A zip that cannot be read to its end.
    case brokenZip(file: String, reason: String)
    /// A file that cannot be read.
    case unreadable(file: String, reason: String)

    package var description: String {
        switch self {
        case .unrecognized(let file):
            return "\(file): not a format folio imports (see `folio import --list-formats`, or name one with --from)"
        case .unknownFormat(let name):
            return "no import format is called \(name) (see `folio import --list-formats`)"
        case .malformed(let file, let reason): return "\(file): \(reason)"
        case .missingColumn(let file, let column): return "\(file): no \(column) column in the header row"
        case .invalidUTF8(let file, let row):
            return "\(file)\(row.map { ", row \($0)" } ?? ""): not valid UTF-8 text"
        case .brokenZip(let file, let reason): return "\(file): the zip cannot be read (\(reason))"
        case .unreadable(let file, let reason): return "\(file): \(reason)"
        }
    }
}
