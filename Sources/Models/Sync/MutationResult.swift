import Foundation

/// What the server did with each pushed mutation.
package struct MutationResult: Sendable, Codable, Hashable {
    package enum Status: String, Sendable, Codable {
        /// Stored now.
        case applied
        /// Stored by an earlier push (a retry, or a duplicate): nothing done twice.
        case duplicate
        /// Refused; `reason` says why. It does not block the mutations after it.
        case rejected
    }

    package var deviceSequence: Int64
    package var status: Status
    package var reason: String?

    package init(deviceSequence: Int64, status: Status, reason: String? = nil) {
        self.deviceSequence = deviceSequence
        self.status = status
        self.reason = reason
    }
}
