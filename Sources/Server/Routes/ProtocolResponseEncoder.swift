import Gzip
import Hummingbird
import Models

/// Writes an answer of the protocol: JSON (`WireJSON`), compressed when it is
/// `Gzip.threshold` bytes or more and the request's `Accept-Encoding` allows gzip.
package struct ProtocolResponseEncoder: ResponseEncoder {
    package func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        var body = try WireJSON.encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .vary: "Accept-Encoding"]
        if body.count >= Gzip.threshold, ProtocolBodies.acceptsGzip(request.headers[.acceptEncoding]) {
            body = try Gzip.compress(body)
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
