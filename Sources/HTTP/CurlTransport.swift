import CCurl
import Foundation
import Synchronization

/// HTTP over libcurl: one reused easy handle (so connections are kept alive), HTTP/2 when the
/// server offers it, compressed answers decoded, connect and low-speed timeouts, the system's
/// CAs or a given bundle. Transfers run on the transport's own queue, never on Swift's
/// cooperative threads, and cancelling the calling task aborts the transfer.
package final class CurlTransport: @unchecked Sendable {
    // @unchecked Sendable: the only mutable state is the curl handle. It is touched only on
    // `queue` (a serial queue, in `perform`), and in `deinit`, when no block on the queue can
    // hold the transport any more (each block retains it).
    private let queue = DispatchQueue(label: "folio.curl")
    private let handle: UnsafeMutableRawPointer
    private let counts = Mutex(TrafficCounts())
    package let configuration: TransportConfiguration

    /// Bytes moved by every transfer so far (headers and bodies, as on the wire).
    package var traffic: TrafficCounts { counts.withLock { $0 } }

    /// libcurl is loaded and initialized on first use, once: commands that never reach the network do
    /// not load it. Nil when ready, else why it cannot be loaded.
    private static let loadFailure: String? = folio_curl_load().map { String(cString: $0) }

    package init(configuration: TransportConfiguration = TransportConfiguration()) throws(TransportError) {
        if let reason = Self.loadFailure { throw .failed(url: "", reason: "libcurl cannot be loaded (\(reason))") }
        guard let handle = folio_curl_easy_init() else { throw .failed(url: "", reason: "libcurl could not start") }
        self.handle = handle
        self.configuration = configuration
    }

    deinit {
        folio_curl_easy_cleanup(handle)
    }

    /// Sends one request and returns the answer, whatever its status.
    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let cancelled = CancellationFlag()
        let result: Result<HTTPResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.perform(request, cancelled: cancelled)) }
            }
        } onCancel: {
            cancelled.set()
        }
        return try result.get()
    }

    /// One transfer, on `queue`.
    private func perform(_ request: HTTPRequest, cancelled: CancellationFlag) -> Result<HTTPResponse, TransportError> {
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else { return .failure(.invalidURL(request.url)) }
        folio_curl_easy_reset(handle)
        let transfer = Transfer(limit: configuration.maximumResponseBytes, cancelled: cancelled)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { folio_curl_slist_free_all(headerList) }
        folio_curl_set_string(handle, CURLOPT_URL, request.url)
        folio_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        folio_curl_set_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        folio_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        folio_curl_set_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        folio_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, configuration.connectTimeout)
        folio_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedBytes)
        folio_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedSeconds)
        folio_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        if configuration.maximumRedirects > 0 {
            folio_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            folio_curl_set_long(handle, CURLOPT_MAXREDIRS, configuration.maximumRedirects)
            folio_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        } else {
            folio_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        }
        folio_curl_set_long(handle, CURLOPT_TIMEOUT, configuration.totalTimeout)
        folio_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumResponseBytes))
        if let bundle = configuration.caBundlePath { folio_curl_set_string(handle, CURLOPT_CAINFO, bundle) }
        if let body = request.body {
            folio_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBytes { bytes in
                _ = folio_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headerList = folio_curl_slist_append(headerList, "\(name): \(value)")
        }
        if request.body != nil && request.headers.keys.contains(where: { $0.lowercased() == "expect" }) == false {
            headerList = folio_curl_slist_append(headerList, "Expect:")
        }
        folio_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList))
        folio_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.appendBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }
        folio_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        folio_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            transfer.appendHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        folio_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        folio_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        folio_curl_set_progress_callback(handle) { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().cancelled.isSet ? 1 : 0
        }
        folio_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        let code = folio_curl_easy_perform(handle)
        countTraffic()
        var effectiveURL: UnsafeMutablePointer<CChar>?
        folio_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effectiveURL)
        let lastURL = effectiveURL.map { String(cString: $0) } ?? request.url
        guard code == CURLE_OK else { return .failure(Self.error(for: code, url: request.url, lastURL: lastURL, transfer: transfer)) }
        var status = 0
        folio_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: transfer.headers, body: transfer.body, url: lastURL))
    }

    /// Adds the last transfer's bytes to `traffic`: libcurl counts bodies before decoding.
    private func countTraffic() {
        var requestHeaders = 0
        var responseHeaders = 0
        var uploaded: curl_off_t = 0
        var downloaded: curl_off_t = 0
        folio_curl_get_long(handle, CURLINFO_REQUEST_SIZE, &requestHeaders)
        folio_curl_get_long(handle, CURLINFO_HEADER_SIZE, &responseHeaders)
        folio_curl_get_offset(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        folio_curl_get_offset(handle, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        counts.withLock {
            $0.sent += requestHeaders + Int(uploaded)
            $0.received += responseHeaders + Int(downloaded)
        }
    }

    /// The failure `code` means; `lastURL` is the URL libcurl was at (after redirects).
    private static func error(for code: CURLcode, url: String, lastURL: String, transfer: Transfer) -> TransportError {
        let reason = String(cString: folio_curl_easy_strerror(code))
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return .invalidURL(url)
        case CURLE_COULDNT_RESOLVE_HOST:
            // libcurl says the same whether the name does not exist or the resolver could not
            // be asked (offline); the resolver's own answer tells them apart.
            guard let host = URLComponents(string: lastURL)?.host, HostLookup.isUnknown(host) else {
                return .cannotConnect(url: url, reason: reason)
            }
            return .hostNotFound(url: url, host: host)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
            CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .cannotConnect(url: url, reason: reason)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(url: url)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tls(url: url, reason: reason)
        case CURLE_FILESIZE_EXCEEDED: return .tooLarge(url: url)
        case CURLE_WRITE_ERROR where transfer.exceededLimit: return .tooLarge(url: url)
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        case CURLE_TOO_MANY_REDIRECTS: return .failed(url: url, reason: "too many redirects")
        default: return .failed(url: url, reason: reason)
        }
    }
}
