import Storage

/// How devices are named in note histories and conflicts: "this device", the name a device
/// logged in with (as the sync server last gave it), else the start of its id.
struct DeviceLabels {
    let ownDevice: String
    let names: [String: String]

    init(ownDevice: String, names: [String: String]) {
        self.ownDevice = ownDevice
        self.names = names
    }

    init(_ store: Store) throws {
        self.init(ownDevice: try store.deviceID(), names: try store.deviceNames())
    }

    /// The device's name, when one is known.
    func name(_ deviceID: String) -> String? { names[deviceID] }

    /// "this device", "phone", or "device 0193a4b2".
    func label(_ deviceID: String) -> String {
        if deviceID == ownDevice { return "this device" }
        return names[deviceID] ?? "device " + String(deviceID.prefix(8))
    }
}
