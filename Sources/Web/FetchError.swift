import HTTP

/// Why a page could not be saved, in words for the user.
package enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No HTTP answer (DNS, refused or cut connection, timeout, TLS), as the transport says it.
    case transport(TransportError)
    /// An HTTP error status.
    case http(url: String, status: Int)
    case tooLarge(url: String, limit: Int)
    /// A PDF, an image or another type that is not an article.
    case unsupported(url: String, mediaType: String)
    case invalid(url: String, reason: String)
    /// The page came, but holds no readable article.
    case unreadable(url: String, reason: String)
    /// The page came and parsed, but its main text could not be found (only boilerplate, or too little text).
    case noMainText(url: String, reason: String)

    package var description: String {
        switch self {
        case .transport(let error): return error.description
        case .http(let url, let status):
            let meaning: String
            switch status {
            case 404: meaning = "not found"
            case 410: meaning = "gone"
            case 401, 403: meaning = "access refused (save the page from the browser and add the file)"
            case 429: meaning = "too many requests"
            case 500...599: meaning = "server error"
            default: meaning = "HTTP error"
            }
            return "\(url) answered \(status): \(meaning)"
        case .tooLarge(let url, let limit): return "\(url) is larger than \(limit / 1_048_576) MB"
        case .unsupported(let url, let mediaType):
            return "\(url) is \(mediaType), not an article; folio saves web pages, text and Markdown"
        case .invalid(let url, let reason): return "cannot fetch \(url): \(reason)"
        case .unreadable(let url, let reason), .noMainText(let url, let reason): return "\(url): \(reason)"
        }
    }

    /// Whether the page came but its main text could not be found (`noMainText`).
    package var isMissingMainText: Bool {
        if case .noMainText = self { return true }
        return false
    }

    /// Whether trying again later may work, by the HTTP layer's one rule (`RetryPolicy`): no
    /// connection, a timeout, or a busy or failing server. Such URLs stay in the queue; others
    /// will not get better.
    package var isTransient: Bool {
        switch self {
        case .transport(let error): return RetryPolicy.isTransient(error)
        case .http(_, let status): return RetryPolicy.isTransient(status: status)
        default: return false
        }
    }

    /// Whether the URL looks dead: the page is not found (404) or gone (410), or its host's
    /// name does not exist. One such answer may be a passing mistake (a site being moved, a
    /// DNS hiccup); `folio fetch` gives up on a URL after several in a row.
    package var isDeadLink: Bool {
        switch self {
        case .transport(.hostNotFound): return true
        case .http(_, let status): return status == 404 || status == 410
        default: return false
        }
    }
}
