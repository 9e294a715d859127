import Foundation
import Testing

/// A Python fixture from `Tests/Fixtures` that prints its loopback port, then serves until its
/// standard input closes (lines written to it are commands, for the fixtures that take any).
package final class LoopbackFixture {
    package let process = Process()
    package let input = Pipe()
    package let output = Pipe()
    package let url: String

    package init(script: String, arguments: [String] = []) throws {
        let path = CLIHarness.packageRoot.appendingPathComponent("Tests/Fixtures/" + script)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        url = "http://127.0.0.1:\(port)"
    }

    /// Writes one command line to the fixture.
    package func send(_ command: String) { input.fileHandleForWriting.write(Data((command + "\n").utf8)) }

    /// Waits until the fixture prints a line holding `text` (after its port); false if it
    /// ends first.
    package func waitForLine(containing text: String) -> Bool {
        var seen = ""
        while !seen.contains(text) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return false }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// A loopback port with nothing listening on it.
package func closedPort() -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            #expect(bind(socket, raw, length) == 0)
            #expect(getsockname(socket, raw, &length) == 0)
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
