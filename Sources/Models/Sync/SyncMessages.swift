import Foundation

/// One local change as a device pushes it, numbered by the device: the number is what makes
/// pushes idempotent (the server applies each device's numbers once, in order).
package struct Mutation: Sendable, Codable, Hashable {
    /// The device's own increasing number for this change (its change-log sequence).
    package var deviceSequence: Int64
    package var change: Change

    package init(deviceSequence: Int64, change: Change) {
        self.deviceSequence = deviceSequence
        self.change = change
    }
}

/// A batch of a device's changes.
package struct PushRequest: Sendable, Codable, Hashable {
    package var deviceID: String
    /// The server epoch the device last synced with (from its cursor); nil the first time. A
    /// server with another epoch applies nothing and says so, so that the device pushes its
    /// whole log again, in order.
    package var knownEpoch: String?
    package var mutations: [Mutation]
    /// What the user calls the device (`folio login --device-name`, default the host name),
    /// kept by the server and shown by other devices in note histories and conflicts. Servers
    /// that do not know the field ignore it.
    package var deviceName: String?

    /// The most mutations one push may carry (devices send at most 500): a push is one
    /// transaction, and pages of pulls end on transactions.
    package static let mutationLimit = 5_000

    package init(deviceID: String, knownEpoch: String? = nil, mutations: [Mutation], deviceName: String? = nil) {
        self.deviceID = deviceID
        self.knownEpoch = knownEpoch
        self.mutations = mutations
        self.deviceName = deviceName
    }
}

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

/// The server's answer to a push.
package struct PushResponse: Sendable, Codable, Hashable {
    package var results: [MutationResult]
    /// The server's epoch.
    package var epoch: String
    /// The request named another epoch: nothing was applied.
    package var epochChanged: Bool
    /// The push numbered new changes with device sequences the server had already processed
    /// for other changes: the device's store was put back from an older copy. Nothing was
    /// applied; the device continues under a new device id (its sequences are then new) and
    /// pulls the whole log again, which brings back what it made after the copy. Absent from
    /// servers that do not check it.
    package var deviceRestored: Bool?

    package init(results: [MutationResult], epoch: String, epochChanged: Bool = false, deviceRestored: Bool? = nil) {
        self.results = results
        self.epoch = epoch
        self.epochChanged = epochChanged
        self.deviceRestored = deviceRestored
    }
}

/// A change as the server hands it out, with its place in the user's log.
package struct ServerChange: Sendable, Codable, Hashable {
    /// Per-user, gap-free, increasing.
    package var sequence: Int64
    package var change: Change

    package init(sequence: Int64, change: Change) {
        self.sequence = sequence
        self.change = change
    }
}

/// Where a device is in a server's log: the server's epoch (a new one when the server's data
/// is reset or restored) and the last sequence the device has. Opaque to clients: they send
/// back the text they were given.
package struct SyncCursor: Sendable, Hashable {
    package var epoch: String
    package var sequence: Int64

    package init(epoch: String, sequence: Int64) {
        self.epoch = epoch
        self.sequence = sequence
    }

    /// The opaque text form, `v1.<epoch>.<sequence>` in URL-safe base64.
    package var token: String {
        Data("v1.\(epoch).\(sequence)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token; nil when it is not one.
    package init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", !parts[1].isEmpty, let sequence = Int64(parts[2]), sequence >= 0 else { return nil }
        self.init(epoch: String(parts[1]), sequence: sequence)
    }
}

/// A page of changes after a cursor.
package struct PullResponse: Sendable, Codable, Hashable {
    package var changes: [ServerChange]
    /// The cursor to ask from next time (the last change of this page, or the one given).
    package var cursor: String
    /// Whether more changes follow this page.
    package var hasMore: Bool
    /// True when the cursor given belonged to another epoch: the page starts from the
    /// beginning of the server's log, and the device must reconcile (push what the server
    /// lacks) rather than trust what it had.
    package var epochChanged: Bool
    /// The asking device said its log ends below what the server has processed from it: its
    /// store was put back from an older copy (see `PushResponse.deviceRestored`). The page is
    /// empty. Absent from servers that do not check it.
    package var deviceRestored: Bool?

    package init(changes: [ServerChange], cursor: String, hasMore: Bool, epochChanged: Bool = false, deviceRestored: Bool? = nil) {
        self.changes = changes
        self.cursor = cursor
        self.hasMore = hasMore
        self.epochChanged = epochChanged
        self.deviceRestored = deviceRestored
    }
}
