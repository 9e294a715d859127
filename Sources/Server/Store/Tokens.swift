import COpenSSL
import Foundation

/// Bearer tokens: made from 32 random bytes, stored only as their SHA-256, compared in
/// constant time.
enum Tokens {
    /// A new token, `folio_` and 64 hex digits.
    static func make() throws(ServerError) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else { throw .internalFailure("no random bytes for a token") }
        return "folio_" + hex(bytes)
    }

    /// The SHA-256 of a token, as stored.
    static func hash(_ token: String) -> Data {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let bytes = Array(token.utf8)
        _ = SHA256(bytes, bytes.count, &digest)
        return Data(digest)
    }

    /// Whether two hashes are equal, in time that does not depend on where they differ.
    static func equal(_ left: Data, _ right: Data) -> Bool {
        guard left.count == right.count else { return false }
        return left.withUnsafeBytes { a in
            right.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, left.count) == 0 }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
