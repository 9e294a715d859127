import Foundation
import Gzip
import Hummingbird

/// JSON bodies of the protocol, gzip-compressed both ways when large: a request body may come
/// with `Content-Encoding: gzip`, and an answer of `Gzip.threshold` bytes or more is
/// compressed when the request's `Accept-Encoding` allows gzip.
enum JSONBodies {
    /// The largest request body, as sent and once inflated: room for a push of one article at
    /// the client's 20 MB import limit, JSON-escaped twice.
    static let uploadLimit = 64 << 20

    /// Reads the request's body (at most `uploadLimit` bytes, once decompressed too)
    /// as `T`. A body over the limit is a 413, an encoding other than gzip a 415, and a body
    /// that is not gzip or not `T` a 400 saying which.
    /// With a `budget`, the body's share of memory is taken first (`503` with `Retry-After`
    /// when it is spent) and given back once decoded.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, what: String, budget: BodyBudget? = nil) async throws -> T {
        let limit = uploadLimit
        let encoding = request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces)
        let share = BodyBudget.share(
            contentLength: request.headers[.contentLength].flatMap { Int($0) }, gzip: encoding == "gzip" || encoding == "x-gzip",
            limit: limit)
        if let budget {
            guard budget.take(share) else {
                throw HTTPError(.serviceUnavailable, headers: [.retryAfter: "1"], message: "the server is reading other large requests; try again")
            }
        }
        defer { budget?.give(share) }
        var buffer = try await request.body.collect(upTo: limit)  // 413 past the limit
        // One copy into `Data` (not through an array, which made two).
        var data = buffer.readData(length: buffer.readableBytes) ?? Data()
        switch encoding {
        case nil, "", "identity":
            break
        case "gzip", "x-gzip":
            do {
                data = try Gzip.decompress(data, limit: limit)
            } catch .tooLarge {
                throw HTTPError(.contentTooLarge, message: "the body is larger than \(limit) bytes once decompressed")
            } catch {
                throw HTTPError(.badRequest, message: "the body is not valid gzip")
            }
        case let other?:
            throw HTTPError(.unsupportedMediaType, message: "unsupported Content-Encoding \(other): send gzip or no encoding")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw HTTPError(.badRequest, message: "the body is not \(what) (JSON, see docs/sync-protocol.md)")
        }
    }

    /// `value` as a JSON answer, compressed when it is large and the client accepts gzip.
    static func response<T: Encodable>(_ value: T, for request: Request) throws -> Response {
        var body = try JSONEncoder().encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .vary: "Accept-Encoding"]
        if body.count >= Gzip.threshold, acceptsGzip(request.headers[.acceptEncoding]) {
            body = try Gzip.compress(body)
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
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
