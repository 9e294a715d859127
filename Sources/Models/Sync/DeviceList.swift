import Foundation

/// What `GET /v1/devices` answers: the user's devices that have pushed, with their names.
public struct DeviceList: Sendable, Codable, Hashable {
    public struct Device: Sendable, Codable, Hashable {
        public var id: String
        /// Nil for a device that never sent one (an older Folio).
        public var name: String?

        public init(id: String, name: String?) {
            self.id = id
            self.name = name
        }
    }

    public var devices: [Device]

    public init(devices: [Device]) {
        self.devices = devices
    }

    /// The longest device name a server keeps.
    public static let nameLimit = 64

    /// Whether `name` can name a device: 1 to 64 Unicode scalars, not only spaces, none of them a
    /// control character (the rule `docs/openapi.yaml` states as a pattern).
    public static func isValidName(_ name: String) -> Bool {
        // Counted in Unicode scalars, as JSON Schema's maxLength counts (an emoji modifier
        // joins the character before it, so characters would count fewer).
        name.unicodeScalars.contains { $0 != " " } && name.unicodeScalars.count <= nameLimit
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
