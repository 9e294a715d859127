import FolioTestSupport
import Foundation
import HTTP
import Models
import Sync
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Connections that send nothing, or half a request, and more connections than the server
/// may hold (issue 11: 500 silent connections stayed open, and 1,100 half-sent requests made
/// `/health` time out for everyone).
@Suite struct ServerConnectionTests {
    /// A TCP connection to the server that sends `text` (maybe nothing) and then waits.
    final class RawConnection {
        let socket: Int32

        init(_ server: ServerProcess, sending text: String = "") throws {
            let port = try #require(URLComponents(string: server.url)?.port)
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0, "cannot connect to \(server.url)")
            // A safety net only, so that a broken server fails the test instead of hanging it.
            var timeout = timeval(tv_sec: 300, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if !text.isEmpty { _ = text.withCString { send(socket, $0, strlen($0), 0) } }
        }

        /// Sends a whole request and reads its answer's head: the server has taken this
        /// connection (and keeps it, as HTTP/1.1 keeps connections alive).
        func askForHealth() -> Bool {
            let request = "GET /health HTTP/1.1\r\nHost: folio\r\n\r\n"
            guard request.withCString({ send(socket, $0, strlen($0), 0) }) > 0 else { return false }
            var answer = [UInt8]()
            var byte: UInt8 = 0
            while !answer.starts(with: Array("HTTP/1.1 200".utf8)) || !String(decoding: answer, as: UTF8.self).contains("\"ok\"}") {
                guard recv(socket, &byte, 1, 0) == 1 else { return false }
                answer.append(byte)
            }
            return true
        }

        /// Whether the server has answered (or closed) the connection, without waiting.
        func hasAnswer() -> Bool {
            var byte: UInt8 = 0
            return recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0
        }

        /// Waits until the server closes the connection: true for a close (end of file or a
        /// reset), false when the safety net ran out first.
        func closedByServer() -> Bool {
            var byte: UInt8 = 0
            while true {
                let count = recv(socket, &byte, 1, 0)
                if count == 0 { return true }
                if count < 0 { return errno == ECONNRESET }
            }
        }

        deinit { close(socket) }
    }

    @Test func silentAndHalfSentConnectionsAreClosed() throws {
        let server = try ServerProcess(serveArguments: ["--idle-timeout", "1"])
        let silent = try RawConnection(server)
        let halfSent = try RawConnection(server, sending: "GET /health HTTP/1.1\r\nHost: folio\r\n")
        #expect(silent.closedByServer())
        #expect(halfSent.closedByServer())
    }

    @Test func connectionsBeyondTheLimitAreClosedAndOthersStillServed() async throws {
        // A long idle timeout: here only the limit can close a connection.
        let server = try ServerProcess(serveArguments: ["--idle-timeout", "600", "--max-connections", "3"])
        // Three connections the server has taken (each answered one request, and stays open).
        var held = try (0..<3).map { _ in try RawConnection(server) }
        for connection in held { #expect(connection.askForHealth()) }
        let beyond = try RawConnection(server)
        #expect(beyond.closedByServer(), "a fourth connection was kept open")
        // A place comes free; a normal request is served.
        held.removeLast()
        let transport = try CurlTransport()
        var status = 0
        for _ in 0..<1_000 where status != 200 {
            // The server sees the closed connection go soon after; until then it refuses.
            status = (try? await transport.send(HTTPRequest(url: server.url + "/health")).status) ?? 0
        }
        #expect(status == 200)
        _ = held
    }

    @Test func pushBodiesInFlightShareABudgetAndTheRestAreAskedToRetry() async throws {
        let server = try ServerProcess(capturingLogs: true, serveArguments: ["--request-memory", "1", "--idle-timeout", "600"])
        let logs = LineReader(try #require(server.logs))
        let token = try server.addUser("kim")
        // A push whose body is on its way (a slow upload): it holds its share of the budget.
        let slowHead =
            "POST /v1/push HTTP/1.1\r\nHost: folio\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"deviceID\":"
        var slow: RawConnection? = try RawConnection(server, sending: slowHead)
        // The server logs a request once it has read its head; its handler then takes its share.
        #expect(logs.waitForLine(containing: "hb.request.path=/v1/push") != nil)
        // From now on the log is only drained, so that the server never waits on a full pipe.
        let logPipe = try #require(server.logs)
        DispatchQueue.global().async { while !logPipe.fileHandleForReading.availableData.isEmpty {} }
        let body = try JSONEncoder().encode(PushRequest(deviceID: ServerProcess.deviceA, mutations: []))
        let headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let transport = try CurlTransport()
        var answer = try await transport.send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: body))
        // The slow push's handler may not have taken its share yet (a loaded machine); once it
        // has, the next push is asked to wait. If one of these pushes held its own small share
        // at the moment the slow one asked, the slow one was told to retry (it has an answer):
        // it starts again.
        for _ in 0..<100_000 where answer.status == 200 {
            if try #require(slow).hasAnswer() { slow = try RawConnection(server, sending: slowHead) }
            answer = try await transport.send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: body))
        }
        #expect(answer.status == 503)
        #expect(answer.headers["retry-after"] == "1")
        // The slow upload goes away: its share comes back, and pushes are taken again.
        #expect(slow != nil)
        slow = nil
        var after = 0
        for _ in 0..<100_000 where after != 200 {
            after = try await transport.send(HTTPRequest(method: "POST", url: server.url + "/v1/push", headers: headers, body: body)).status
        }
        #expect(after == 200)
    }
}
