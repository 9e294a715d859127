import Hummingbird
import Models

/// Reads a request body of the protocol: JSON (`WireJSON`), gzip-compressed or not (see
/// `ProtocolBodies.json(from:)` for the limits and the answers to bad bodies).
package struct ProtocolRequestDecoder: RequestDecoder {
    package func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let data = try await ProtocolBodies.json(from: request)
        do {
            return try WireJSON.decode(T.self, from: data)
        } catch {
            throw HTTPError(.badRequest, message: "the body is not \(ProtocolBodies.name(of: T.self)) (JSON, see docs/sync-protocol.md)")
        }
    }
}
