import Foundation
import Hummingbird
import Logging
import Models

/// What `GET /health` answers.
struct Health: ResponseEncodable {
    var status = "ok"
}

/// The routes of protocol version 1: `POST /v1/push`, `GET /v1/pull`, `GET /v1/digest`,
/// `GET /v1/devices`, and `GET /health`.
/// Every `/v1` request needs `Authorization: Bearer <token>` and sees only its user's data.
struct SyncRoutes {
    let repository: any SyncRepository
    let logger: Logger
    /// Memory for push bodies in flight (`--request-memory`).
    var bodyBudget = BodyBudget(bytes: 256 << 20)

    func add(to router: Router<BasicRequestContext>) {
        router.add(
            middleware: MethodNotAllowedMiddleware(allowed: [
                "/health": .get, "/v1/push": .post, "/v1/pull": .get, "/v1/digest": .get, "/v1/devices": .get,
            ]))
        router.get("health") { _, _ in Health() }
        let version1 = router.group("v1")
        version1.post("push") { request, _ -> Response in
            let user = try await authenticate(request)
            let push = try await JSONBodies.decode(PushRequest.self, from: request, what: "a push request", budget: bodyBudget)
            guard EntityID.isValid(push.deviceID) else { throw HTTPError(.badRequest, message: "deviceID must be a device id") }
            guard push.mutations.allSatisfy({ $0.deviceSequence >= 1 && $0.change.sequence >= 0 }) else {
                throw HTTPError(.badRequest, message: "device sequences start at 1, and a change's sequence is not negative")
            }
            guard push.mutations.count <= PushRequest.mutationLimit else {
                throw HTTPError(.badRequest, message: "a push carries at most \(PushRequest.mutationLimit) mutations")
            }
            if let name = push.deviceName, !DeviceList.isValidName(name) {
                throw HTTPError(.badRequest, message: "deviceName must be 1 to \(DeviceList.nameLimit) characters, without control characters")
            }
            let answer = try await guarded("push") { try await repository.push(push, for: user) }
            return try JSONBodies.response(answer, for: request)
        }
        version1.get("devices") { request, _ -> Response in
            let user = try await authenticate(request)
            let answer = try await guarded("devices") { try await repository.devices(for: user) }
            return try JSONBodies.response(answer, for: request)
        }
        version1.get("digest") { request, _ -> Response in
            let user = try await authenticate(request)
            let answer = try await guarded("digest") { try await repository.digest(for: user) }
            return try JSONBodies.response(answer, for: request)
        }
        version1.get("pull") { request, _ -> Response in
            let user = try await authenticate(request)
            // An empty parameter is an absent one (`cursor=` is the start of the log); a limit
            // must be an integer (`limit=abc`, `limit=1e3` and `limit=` are refused, not read as
            // the default).
            let parameters = request.uri.queryParameters
            let cursor = parameters.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
            let limitText = parameters.get("limit")
            guard let limit = limitText.map({ Int($0) }) ?? 500, (1...5000).contains(limit) else {
                throw HTTPError(.badRequest, message: "limit must be an integer from 1 to 5000")
            }
            let device = parameters.get("device").flatMap { $0.isEmpty ? nil : $0 }
            if let device, !EntityID.isValid(device) { throw HTTPError(.badRequest, message: "device must be a device id") }
            // The device's highest local sequence: below what the server processed from it,
            // the device's store was put back from an older copy.
            let sequenceText = parameters.get("sequence")
            guard let sequence = sequenceText.map({ Int64($0) }) ?? 0, sequence >= 0 else {
                throw HTTPError(.badRequest, message: "sequence must be an integer of at least 0")
            }
            if let device, sequenceText != nil {
                let processed = try await guarded("pull") { try await repository.lastProcessed(device: device, for: user) }
                if processed > sequence {
                    let answer = PullResponse(changes: [], cursor: cursor ?? "", hasMore: false, deviceRestored: true)
                    return try JSONBodies.response(answer, for: request)
                }
            }
            let answer = try await guarded("pull") { try await repository.pull(after: cursor, limit: limit, excludingDevice: device, for: user) }
            return try JSONBodies.response(answer, for: request)
        }
    }

    /// The user of the request's bearer token; 401 otherwise.
    func authenticate(_ request: Request) async throws -> ServerUser {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, message: "missing bearer token: log in with `folio login URL --token TOKEN`")
        }
        // Exactly what was issued: no trimming, so a token with a space added is another token.
        let token = String(header.dropFirst("Bearer ".count))
        guard let user = try await guarded("authenticate", { try await repository.user(token: token) }) else {
            throw HTTPError(.unauthorized, message: "unknown token: ask the server's administrator for a new one")
        }
        return user
    }

    /// Runs store work; a store failure is logged with its context and answered with a
    /// generic 500, never with database details.
    func guarded<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HTTPError {
            throw error
        } catch {
            logger.error("store failure", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "the server could not complete the \(operation)")
        }
    }
}
