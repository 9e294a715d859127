import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// What `folio status --json` prints: the library's counts and the sync server.
struct StatusOutput: Encodable {
    var library: StoreStatus
    var server: String?

    func encode(to encoder: Encoder) throws {
        try library.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(server, forKey: .server)
    }

    enum Keys: String, CodingKey { case server }
}
