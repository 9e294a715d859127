import Foundation
import Gzip
import HTTP
import Models

/// The sync protocol over HTTP (`/v1/push`, `/v1/pull`), through the libcurl client.
package struct HTTPSyncService: SyncService {
    package let server: String
    let token: String
    let client: HTTPClient
    /// This device, read at each pull (a device restored from a backup changes its id in the
    /// middle of a sync): pulls leave out its own changes (it has them), which halves the
    /// bytes of a device's first sync after a large import.
    let deviceID: @Sendable () -> String?
    /// The highest sequence of this device's own log, read at each pull: the server checks it
    /// against what it processed from the device (`PullResponse.deviceRestored`).
    let lastSequence: @Sendable () -> Int64?

    package init(
        server: String, token: String, client: HTTPClient, deviceID: @escaping @Sendable () -> String? = { nil },
        lastSequence: @escaping @Sendable () -> Int64? = { nil }
    ) {
        self.lastSequence = lastSequence
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.token = token
        self.client = client
        self.deviceID = deviceID
    }

    /// The service over a new libcurl transport: a request that receives nothing for
    /// `stallTimeout` seconds is abandoned (and retried); `caBundle` replaces the system's
    /// certificate authorities.
    package init(
        server: String, token: String, stallTimeout: Int, caBundle: String? = nil, deviceID: @escaping @Sendable () -> String? = { nil },
        lastSequence: @escaping @Sendable () -> Int64? = { nil }
    ) throws {
        let transport: CurlTransport
        do {
            transport = try CurlTransport(
                configuration: TransportConfiguration(connectTimeout: min(10, stallTimeout), lowSpeedSeconds: stallTimeout, caBundlePath: caBundle))
        } catch {
            throw SyncError.unreachable(error.description)
        }
        self.init(server: server, token: token, client: HTTPClient(transport: transport), deviceID: deviceID, lastSequence: lastSequence)
    }

    package func push(_ request: PushRequest) async throws -> PushResponse {
        try decode(PushResponse.self, from: try await post(request, to: "/v1/push"))
    }

    /// A request of a device that rejoins (`POST /v1/rejoin`); nil from a server older than it.
    package func rejoin(_ request: RejoinRequest) async throws -> RejoinResponse? {
        let response = try await post(request, to: "/v1/rejoin")
        if response.status == 404 { return nil }
        return try decode(RejoinResponse.self, from: response)
    }

    /// Posts a JSON body, compressed when it is large.
    private func post(_ value: some Encodable, to path: String) async throws -> HTTPResponse {
        var body = try WireJSON.encode(value)
        var headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        if body.count >= Gzip.threshold {
            body = try Gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        }
        return try await send(HTTPRequest(method: "POST", url: server + path, headers: headers, body: body))
    }

    package func pull(after cursor: String?, limit: Int, order: PullOrder, acknowledging: Bool) async throws -> PullResponse {
        var components = URLComponents(string: server + "/v1/pull")
        components?.queryItems =
            [URLQueryItem(name: "limit", value: String(limit))] + (cursor.map { [URLQueryItem(name: "cursor", value: $0)] } ?? [])
            + (cursor == nil && order != .log ? [URLQueryItem(name: "order", value: order.rawValue)] : [])
            + (deviceID().map { [URLQueryItem(name: "device", value: $0)] } ?? [])
            // The server counts a pull that names the device's last sequence as its
            // acknowledgement of the cursor, and checks that sequence for a restored store.
            + ((acknowledging ? lastSequence() : nil).map { [URLQueryItem(name: "sequence", value: String($0))] } ?? [])
        guard let url = components?.string else { throw SyncError.invalidServerURL(server) }
        let response = try await send(HTTPRequest(url: url, headers: ["Authorization": "Bearer \(token)"]))
        return try decode(PullResponse.self, from: response)
    }

    package var traffic: TrafficCounts { client.transport.traffic }

    package func digest() async throws -> LibraryDigest? {
        let response = try await send(HTTPRequest(url: server + "/v1/digest", headers: ["Authorization": "Bearer \(token)"]))
        return try decode(LibraryDigest.self, from: response)
    }

    /// The names of the user's devices; empty from a server older than `/v1/devices`.
    package func deviceNames() async throws -> [String: String] {
        let response = try await send(HTTPRequest(url: server + "/v1/devices", headers: ["Authorization": "Bearer \(token)"]))
        if response.status == 404 { return [:] }
        let list = try decode(DeviceList.self, from: response)
        return Dictionary(list.devices.compactMap { device in device.name.map { (device.id, $0) } }, uniquingKeysWith: { $1 })
    }

    /// Checks that the server speaks the protocol and takes the token.
    package func check() async throws {
        _ = try await pull(after: nil, limit: 1)
    }

    /// Sends a request; a failure to reach the server names the server (its base URL), not the
    /// request with its path and cursor.
    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await client.send(request)
        } catch .invalidURL {
            throw SyncError.invalidServerURL(server)
        } catch {
            throw SyncError.unreachable(error.naming(server).description)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws -> T {
        switch response.status {
        case 200..<300:
            guard let value = try? WireJSON.decode(T.self, from: response.body) else { throw SyncError.badAnswer(server: server) }
            return value
        case 401, 403:
            throw SyncError.notAuthorized(server: server)
        case 404:
            throw SyncError.badAnswer(server: server)
        default:
            let message = (try? WireJSON.decode(ErrorBody.self, from: response.body))?.error.message ?? ""
            throw SyncError.serverError(server: server, status: response.status, message: message)
        }
    }

    /// Hummingbird's error body: `{"error": {"message": "..."}}`.
    private struct ErrorBody: Decodable {
        struct Inner: Decodable { var message: String }
        var error: Inner
    }
}
