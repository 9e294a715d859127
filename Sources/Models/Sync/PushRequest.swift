import Foundation

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
