import HTTP
import Models

/// A sync server as the engine sees it: push a batch, pull a page.
package protocol SyncService: Sendable {
    func push(_ request: PushRequest) async throws -> PushResponse
    /// The page after `cursor`; with no cursor, of the log in `order` (a server that does not
    /// know the order answers in the log's). `acknowledging`: the device holds the log up to
    /// `cursor` (the page that ended there is applied), and the pull may tell the server so;
    /// a pull asked ahead, while that page is still being applied, does not.
    func pull(after cursor: String?, limit: Int, order: PullOrder, acknowledging: Bool) async throws -> PullResponse
    /// Bytes moved so far, for the sync summary (zero for a service in this process).
    var traffic: TrafficCounts { get }
    /// Which items the server holds, at which version; nil when the service cannot say.
    func digest() async throws -> LibraryDigest?
    /// The names of the user's devices, by device id (empty when the service cannot say).
    func deviceNames() async throws -> [String: String]
    /// One request of a device that rejoins (`RejoinRequest`); nil when the service cannot.
    func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse?
}

extension SyncService {
    /// The page after `cursor`, in the log's order.
    package func pull(after cursor: String?, limit: Int) async throws -> PullResponse {
        try await pull(after: cursor, limit: limit, order: .log, acknowledging: true)
    }
    package var traffic: TrafficCounts { TrafficCounts() }
    package func digest() async throws -> LibraryDigest? { nil }
    package func deviceNames() async throws -> [String: String] { [:] }
    package func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? { nil }
}
