import Hummingbird
import Models

/// The query of `GET /v1/pull`. An empty parameter is an absent one (`cursor=` is the start
/// of the log); a limit must be an integer (`limit=abc`, `limit=1e3` and `limit=` are refused,
/// not read as the default).
struct PullParameters: Equatable {
    var cursor: String?
    var limit: Int
    /// The asking device, whose own changes are left out.
    var device: String?
    /// The device's highest local sequence: below what the server processed from it, the
    /// device's store was put back from an older copy. Only read with `device`.
    var sequence: Int64?
    /// The order of a pull with no cursor (`log`, the default, or `item`; empty is absent).
    var order: PullOrder

    init(_ parameters: Parameters) throws {
        cursor = parameters.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
        guard let limit = parameters.get("limit").map({ Int($0) }) ?? 500, (1...5000).contains(limit) else {
            throw HTTPError(.badRequest, message: "limit must be an integer from 1 to 5000")
        }
        self.limit = limit
        device = parameters.get("device").flatMap { $0.isEmpty ? nil : $0 }
        if let device, !EntityID.isValid(device) { throw HTTPError(.badRequest, message: "device must be a device id") }
        let sequenceText = parameters.get("sequence")
        guard let sequence = sequenceText.map({ Int64($0) }) ?? 0, sequence >= 0 else {
            throw HTTPError(.badRequest, message: "sequence must be an integer of at least 0")
        }
        self.sequence = device != nil && sequenceText != nil ? sequence : nil
        guard let order = parameters.get("order").flatMap({ $0.isEmpty ? nil : $0 }).map({ PullOrder(rawValue: $0) }) ?? .log else {
            throw HTTPError(.badRequest, message: "order must be log or item")
        }
        self.order = order
    }
}
