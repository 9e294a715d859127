import Foundation
import Gzip
import Hummingbird
import Models

/// The rules for bodies of the protocol, shared by `ProtocolRequestDecoder`,
/// `ProtocolResponseEncoder` and `BodyBudgetMiddleware`.
enum ProtocolBodies {
    /// The largest request body, as sent and once inflated: room for a push of one article at
    /// the client's 20 MB import limit, JSON-escaped twice.
    static let uploadLimit = 64 << 20

    /// The request's body bytes (at most `uploadLimit`, once decompressed too). A body over
    /// the limit is a 413, an encoding other than gzip a 415, and a body that is not gzip a
    /// 400.
    static func json(from request: Request) async throws -> Data {
        let limit = uploadLimit
        var buffer = try await request.body.collect(upTo: limit)  // 413 past the limit
        // One copy into `Data` (not through an array, which made two).
        let data = buffer.readData(length: buffer.readableBytes) ?? Data()
        switch contentEncoding(of: request) {
        case nil, "", "identity":
            return data
        case "gzip", "x-gzip":
            do {
                return try Gzip.decompress(data, limit: limit)
            } catch .tooLarge {
                throw HTTPError(.contentTooLarge, message: "the body is larger than \(limit) bytes once decompressed")
            } catch {
                throw HTTPError(.badRequest, message: "the body is not valid gzip")
            }
        case let other?:
            throw HTTPError(.unsupportedMediaType, message: "unsupported Content-Encoding \(other): send gzip or no encoding")
        }
    }

    /// The request's `Content-Encoding`, lowercased.
    static func contentEncoding(of request: Request) -> String? {
        request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces)
    }

    /// What a message is called in an answer about a body that is not one.
    static func name<T>(of type: T.Type) -> String {
        type == PushRequest.self ? "a push request" : "\(type)"
    }

    /// Whether an `Accept-Encoding` value lists gzip (or `*`) without `q=0`.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }
}
