import Foundation

/// The bytes of an export as text: UTF-8, with a byte-order mark dropped.
enum ImportText {
    /// The text of `data`; a byte that is not UTF-8 is a fatal error naming its line.
    static func decode(_ data: Data, file: String) throws(ImportError) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw .invalidUTF8(file: file, row: line(ofFirstInvalidByteIn: bytes))
    }

    /// The line (from 1) of the first byte sequence that is not UTF-8.
    private static func line(ofFirstInvalidByteIn bytes: Data.SubSequence) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0x0A { line += 1 }
            case .emptyInput: return line
            case .error: return line
            }
        }
    }
}
