import Foundation
import ZIPFoundation

/// The entries of a zip export, read with ZIPFoundation; a zip that cannot be read to its end
/// (truncated, a bad checksum) is a fatal error.
enum ZipFiles {
    /// The paths of the zip's file entries, in the zip's order.
    static func entryNames(_ data: Data) throws -> [String] {
        let archive = try Archive(data: data, accessMode: .read)
        return archive.filter { $0.type == .file }.map(\.path)
    }

    /// Every file entry's path and bytes, checksums verified.
    static func entries(_ data: Data, file: String) throws(ImportError) -> [(path: String, data: Data)] {
        do {
            let archive = try Archive(data: data, accessMode: .read)
            var result: [(path: String, data: Data)] = []
            for entry in archive where entry.type == .file {
                var bytes = Data()
                _ = try archive.extract(entry) { bytes.append($0) }
                result.append((entry.path, bytes))
            }
            return result
        } catch {
            throw .brokenZip(file: file, reason: reason(for: error))
        }
    }

    /// The last part of an entry's path.
    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The number in a name such as `part_000012.csv` or `metadata_20_to_40.json` (its first
    /// run of digits), to sort entries by number rather than as text.
    static func number(in name: String) -> Int {
        let digits = baseName(name).drop(while: { !$0.isNumber }).prefix(while: \.isNumber)
        return Int(digits) ?? 0
    }

    private static func reason(for error: Error) -> String {
        switch error {
        case Archive.ArchiveError.missingEndOfCentralDirectoryRecord: return "it is truncated: no end of central directory"
        case Archive.ArchiveError.unreadableArchive: return "it is not a zip, or it is truncated"
        case Archive.ArchiveError.invalidCRC32: return "an entry does not match its checksum"
        default: return "\(error)"
        }
    }
}
