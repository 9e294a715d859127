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

    func add(to router: Router<BasicRequestContext>) {
        router.get("health") { _, _ in Health() }
        let version1 = router.group("v1")
        version1.post("push") { request, _ -> Response in
            let user = try await authenticate(request)
            let push = try await JSONBodies.decode(PushRequest.self, from: request, what: "a push request")
            guard EntityID.isValid(push.deviceID) else { throw HTTPError(.badRequest, message: "deviceID must be a device id") }
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
            let cursor = request.uri.queryParameters.get("cursor")
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 500
            guard (1...5000).contains(limit) else { throw HTTPError(.badRequest, message: "limit must be from 1 to 5000") }
            let device = request.uri.queryParameters.get("device")
            if let device, !EntityID.isValid(device) { throw HTTPError(.badRequest, message: "device must be a device id") }
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
