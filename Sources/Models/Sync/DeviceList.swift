import Foundation

/// What `GET /v1/devices` answers: the user's devices that have pushed, with their names.
package struct DeviceList: Sendable, Codable, Hashable {
    package struct Device: Sendable, Codable, Hashable {
        package var id: String
        /// Nil for a device that never sent one (an older Folio).
        package var name: String?

        package init(id: String, name: String?) {
            self.id = id
            self.name = name
        }
    }

    package var devices: [Device]

    package init(devices: [Device]) {
        self.devices = devices
    }

    /// The longest device name a server keeps.
    package static let nameLimit = 64

    /// Whether `name` can name a device: 1 to 64 Unicode scalars, not only spaces, none of them a
    /// control character (the rule `docs/openapi.yaml` states as a pattern).
    package static func isValidName(_ name: String) -> Bool {
        // Counted in Unicode scalars, as JSON Schema's maxLength counts (an emoji modifier
        // joins the character before it, so characters would count fewer).
        name.unicodeScalars.contains { $0 != " " } && name.unicodeScalars.count <= nameLimit
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
