import Foundation
import Hummingbird
import Logging
import Models

/// The routes of protocol version 1: `POST /v1/push`, `GET /v1/pull`, `GET /v1/digest`,
/// `GET /v1/devices`, `POST /v1/rejoin`, and `GET /health`.
/// Every `/v1` request needs `Authorization: Bearer <token>` (`AuthenticationMiddleware`) and
/// sees only its user's data.
struct SyncRoutes {
    let repository: any SyncRepository
    let logger: Logger
    /// Memory for push bodies in flight (`--request-memory`).
    var bodyBudget = BodyBudget(bytes: 256 << 20)
    /// What compacts the user's log after a push (nil: nothing, as in route tests that do not
    /// run the application's services).
    var compaction: CompactionService?

    func add(to router: Router<ServerRequestContext>) {
        router.add(
            middleware: MethodNotAllowedMiddleware(allowed: [
                "/health": .get, "/v1/push": .post, "/v1/pull": .get, "/v1/digest": .get, "/v1/devices": .get, "/v1/rejoin": .post,
            ]))
        router.get("health") { _, _ in Health() }
        let version1 = router.group("v1").add(middleware: AuthenticationMiddleware(repository: repository, logger: logger))
        version1.group("push").add(middleware: BodyBudgetMiddleware(budget: bodyBudget)).post { request, context -> Response in
            let user = try context.authenticatedUser()
            let push = try await request.decode(as: PushRequest.self, context: context)
            try Self.check(push)
            let answer = try await StoreFailure.guarded("push", logger: logger) { try await repository.push(push, for: user) }
            compaction?.requestStep(for: user)
            return try context.responseEncoder.encode(answer, from: request, context: context)
        }
        version1.group("rejoin").add(middleware: BodyBudgetMiddleware(budget: bodyBudget)).post { request, context -> Response in
            let user = try context.authenticatedUser()
            let rejoin = try await request.decode(as: RejoinRequest.self, context: context)
            try Self.check(rejoin)
            let answer = try await StoreFailure.guarded("rejoin", logger: logger) { try await repository.rejoin(rejoin, for: user) }
            if answer.restored > 0 { compaction?.requestStep(for: user) }
            return try context.responseEncoder.encode(answer, from: request, context: context)
        }
        version1.get("devices") { request, context -> Response in
            let user = try context.authenticatedUser()
            let answer = try await StoreFailure.guarded("devices", logger: logger) { try await repository.devices(for: user) }
            return try context.responseEncoder.encode(answer, from: request, context: context)
        }
        version1.get("digest") { request, context -> Response in
            let user = try context.authenticatedUser()
            let answer = try await StoreFailure.guarded("digest", logger: logger) { try await repository.digest(for: user) }
            return try context.responseEncoder.encode(answer, from: request, context: context)
        }
        version1.get("pull") { request, context -> Response in
            let user = try context.authenticatedUser()
            let pull = try PullParameters(request.uri.queryParameters)
            let answer = try await StoreFailure.guarded("pull", logger: logger) {
                try await repository.pull(
                    after: pull.cursor, limit: pull.limit, excludingDevice: pull.device, deviceSequence: pull.sequence, order: pull.order,
                    horizon: compaction?.horizon ?? ServerCompaction.defaultHorizon, for: user)
            }
            return try context.responseEncoder.encode(answer, from: request, context: context)
        }
    }

    /// What the route checks of a push before the store sees it (each change is checked by
    /// `SyncRules`).
    static func check(_ push: PushRequest) throws {
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
    }

    /// What the route checks of a rejoin before the store sees it (each change sent back is
    /// checked by `RejoinRules`).
    static func check(_ rejoin: RejoinRequest) throws {
        guard EntityID.isValid(rejoin.deviceID) else { throw HTTPError(.badRequest, message: "deviceID must be a device id") }
        guard rejoin.held.count <= RejoinRequest.heldLimit else {
            throw HTTPError(.badRequest, message: "a rejoin names at most \(RejoinRequest.heldLimit) held changes")
        }
        guard rejoin.changes.count <= PushRequest.mutationLimit else {
            throw HTTPError(.badRequest, message: "a rejoin sends back at most \(PushRequest.mutationLimit) changes")
        }
        guard rejoin.changes.allSatisfy({ $0.sequence >= 0 }) else {
            throw HTTPError(.badRequest, message: "a change's sequence is not negative")
        }
    }
}
