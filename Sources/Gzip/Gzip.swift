import CSystemZlib
import Foundation

/// Why a gzip body could not be read or written.
package enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a whole gzip stream (wrong header, bad checksum, cut short, or
    /// followed by other bytes).
    case corrupt
    /// The body inflates past the allowed size (a guard against compression bombs).
    case tooLarge(limit: Int)
    /// zlib could not start (out of memory).
    case unavailable

    package var description: String {
        switch self {
        case .corrupt: "the body is not valid gzip"
        case .tooLarge(let limit): "the body is larger than \(limit) bytes once decompressed"
        case .unavailable: "zlib could not start"
        }
    }
}

/// gzip (RFC 1952) compression of HTTP bodies, over the system's zlib. The sync client
/// compresses large push bodies with it and the server large answers (`Content-Encoding: gzip`).
package enum Gzip {
    /// Bodies smaller than this go uncompressed: the gzip header and trailer (18 bytes) and the
    /// CPU time outweigh the saving.
    package static let threshold = 1024

    /// The gzip stream of `data`.
    package static func compress(_ data: Data, level: Int32 = 6) throws(GzipError) -> Data {
        var stream = z_stream()
        guard folio_deflate_init_gzip(&stream, level) == Z_OK else { throw .unavailable }
        defer { deflateEnd(&stream) }
        // One call: deflateBound is the worst case, gzip header and trailer included.
        let capacity = Int(deflateBound(&stream, uLong(data.count)))
        var output = Data(count: capacity)
        let status = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { outputBytes in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = outputBytes.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(outputBytes.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .unavailable }
        output.count = Int(stream.total_out)
        return output
    }

    /// The bytes inside one gzip stream; throws if they would exceed `limit` bytes.
    package static func decompress(_ data: Data, limit: Int) throws(GzipError) -> Data {
        var stream = z_stream()
        guard folio_inflate_init_gzip(&stream) == Z_OK else { throw .unavailable }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let result: Result<Void, GzipError> = data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, buffer.count - Int(stream.avail_out))
                }
                if output.count + produced > limit { return .failure(.tooLarge(limit: limit)) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    return stream.avail_in == 0 ? .success(()) : .failure(.corrupt)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where produced > 0:
                    continue
                case Z_MEM_ERROR:
                    return .failure(.unavailable)
                default:
                    // Z_DATA_ERROR, or no progress possible: the input ended before the stream.
                    return .failure(.corrupt)
                }
            }
        }
        try result.get()
        return output
    }
}
