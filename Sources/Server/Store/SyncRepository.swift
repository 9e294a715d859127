import Foundation
import Models
import ServiceLifecycle

/// Where the server keeps users and each user's change log. Every implementation reads the
/// inputs of `SyncRules`' plans and carries the plans out in one transaction, as `SyncLog`
/// does in memory.
package protocol SyncRepository: Sendable {
    /// What must run while the store is used (PostgreSQL's connection pool); none for SQLite.
    var services: [any Service] { get }
    /// Brings the store's schema up to date (the SQLite store does it when it opens).
    func prepare() async throws
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
    /// `excludingDevice` (the device asking already has them; the cursor still moves past
    /// them). With `deviceSequence` (the device's highest local sequence) below what the
    /// server processed from that device, the answer says `deviceRestored`. With no cursor,
    /// `order` may ask for the log by item (`PullOrder.item`). The answer says what is settled
    /// now, waiting for the devices seen within `horizon` (as compaction does).
    func pull(
        after cursor: String?, limit: Int, excludingDevice: String?, deviceSequence: Int64?, order: PullOrder, horizon: TimeInterval,
        for user: ServerUser
    ) async throws -> PullResponse
    /// Which items the user's log holds, at which version, as of its newest sequence.
    func digest(for user: ServerUser) async throws -> LibraryDigest
    /// The user's devices that have pushed, with the names they last sent.
    func devices(for user: ServerUser) async throws -> DeviceList
    /// Compacts up to `itemLimit` of the user's items waiting for it (`ServerCompaction`), at
    /// server time `now`, waiting for the acknowledgement of every device seen within
    /// `horizon`; says what it freed.
    func compact(for user: ServerUser, itemLimit: Int, now: Date, horizon: TimeInterval) async throws -> CompactionReport
    /// Refreshes up to `itemLimit` of the user's shares of the current digest that pushes made
    /// stale, in one transaction, and returns how many it refreshed (fewer than `itemLimit`:
    /// none is left). The digest refreshes what is left when it is asked for; doing it in
    /// steps after pushes keeps that request short after a long push.
    func refreshDigestShares(for user: ServerUser, itemLimit: Int) async throws -> Int
    /// The user's known devices (pushed or pulled naming themselves, not forgotten), with what
    /// they acknowledged and when they were last seen.
    func deviceRecords(for user: ServerUser) async throws -> DeviceRecords
    /// Forgets a device of the user: it no longer holds compaction back until it is seen
    /// again. Throws `ServerError.noSuchDevice` when the user has no such known device.
    func forget(device: String, for user: ServerUser) async throws
    /// One request of a device that rejoins after compaction stopped waiting for it
    /// (`RejoinRules`, in one transaction).
    func rejoin(_ request: RejoinRequest, for user: ServerUser) async throws -> RejoinResponse
}

extension SyncRepository {
    /// A page of the user's log in its order (`PullOrder.log`).
    package func pull(after cursor: String?, limit: Int, excludingDevice: String?, deviceSequence: Int64?, for user: ServerUser)
        async throws -> PullResponse
    {
        try await pull(
            after: cursor, limit: limit, excludingDevice: excludingDevice, deviceSequence: deviceSequence, order: .log,
            horizon: ServerCompaction.defaultHorizon, for: user)
    }

    package var services: [any Service] { [] }
    package func prepare() async throws {}
}
