import Foundation

/// Where a device is in a server's log: the server's epoch (a new one when the server's data
/// is reset or restored) and the last sequence the device has. Opaque to clients: they send
/// back the text they were given.
///
/// A cursor `byItem` is one of a pull by item (`PullOrder.item`): the device holds every change
/// of every item whose last change is at or below `sequence`, not every change up to it.
package struct SyncCursor: Sendable, Hashable {
    package var epoch: String
    package var sequence: Int64
    package var byItem: Bool

    package init(epoch: String, sequence: Int64, byItem: Bool = false) {
        self.epoch = epoch
        self.sequence = sequence
        self.byItem = byItem
    }

    /// The opaque text form, `v1.<epoch>.<sequence>` (with `.item` after it by item) in
    /// URL-safe base64.
    package var token: String {
        Data("v1.\(epoch).\(sequence)\(byItem ? ".item" : "")".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token; nil when it is not one.
    package init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || (parts.count == 4 && parts[3] == "item"), parts[0] == "v1", !parts[1].isEmpty,
            let sequence = Int64(parts[2]), sequence >= 0
        else { return nil }
        self.init(epoch: String(parts[1]), sequence: sequence, byItem: parts.count == 4)
    }
}
