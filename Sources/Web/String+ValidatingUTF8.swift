import Foundation

extension String {
    /// Decodes UTF-8 strictly: nil when `data` is not valid UTF-8.
    init?(validatingUTF8Data data: Data) {
        let decoded = String(decoding: data, as: UTF8.self)
        // Decoding replaces invalid sequences with U+FFFD; compare byte counts to detect that.
        if decoded.utf8.count != data.count || (decoded.contains("\u{FFFD}") && !data.containsReplacementCharacter) {
            return nil
        }
        self = decoded
    }
}

extension Data {
    /// Whether the bytes contain an encoded U+FFFD (EF BF BD) of their own.
    fileprivate var containsReplacementCharacter: Bool {
        range(of: Data([0xEF, 0xBF, 0xBD])) != nil
    }
}
