import Foundation
import Models

/// A user of the server.
struct ServerUser: Sendable, Equatable {
    var id: Int64
    var name: String
}

/// Where the server keeps users and each user's change log. Every implementation follows
/// `SyncLog`'s rules (gap-free sequences, idempotent pushes, rejections that do not block,
/// epochs).
protocol SyncRepository: Sendable {
    /// Adds a user and returns their new token.
    func addUser(name: String) async throws -> String
    func users() async throws -> [ServerUser]
    /// Gives a user a new token (the old one stops working) and returns it.
    func rotateToken(name: String) async throws -> String
    func removeUser(name: String) async throws
    /// The user a bearer token belongs to, or nil.
    func user(token: String) async throws -> ServerUser?
    func push(_ request: PushRequest, for user: ServerUser) async throws -> PushResponse
    /// A page of the user's log after `cursor`, leaving out the changes made by
    /// `excludingDevice` (the device asking already has them; the cursor still moves past them).
    func pull(after cursor: String?, limit: Int, excludingDevice: String?, for user: ServerUser) async throws -> PullResponse
    /// Which items the user's log holds, at which version, as of its newest sequence.
    func digest(for user: ServerUser) async throws -> LibraryDigest
    /// The highest device sequence processed from `device` (0 for a device never seen).
    func lastProcessed(device: String, for user: ServerUser) async throws -> Int64
    /// The user's devices that have pushed, with the names they last sent.
    func devices(for user: ServerUser) async throws -> DeviceList
}
