import Foundation

/// What one transfer has received so far. Used only on the transport's queue, from libcurl's
/// callbacks during `curl_easy_perform`.
final class Transfer {
    let limit: Int
    let cancelled: CancellationFlag
    private(set) var body = Data()
    private(set) var headers: [String: String] = [:]
    private(set) var exceededLimit = false

    init(limit: Int, cancelled: CancellationFlag) {
        self.limit = limit
        self.cancelled = cancelled
    }

    /// Appends body bytes; false (which makes libcurl stop) past the size limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one header line; a new status line (after a redirect or `100 Continue`)
    /// starts the headers afresh.
    func appendHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
