import Hummingbird
import Storage

/// What a page answers when a request cannot be served, in words for the reader.
package enum WebReaderError: Error, Sendable, Equatable {
    /// No article or note with that id, or no such page.
    case notFound(String)
    /// The form is missing something or holds a value that cannot be used.
    case badRequest(String)
    /// A posted form larger than the reader takes (`limit` bytes).
    case tooLarge(limit: Int)
    /// The form's CSRF token is missing or not this session's.
    case expiredForm
    /// The store is locked by another `folio` for longer than the wait.
    case busy(String)
    /// The sync server could not be reached, refused the token, or failed.
    case syncFailed(String)
    /// Anything else: logged, and the page says only that it failed.
    case failure

    /// The error of a store operation, as the page shows it.
    package init(_ error: StoreError) {
        switch error {
        case .notFound, .unknownTag: self = .notFound(error.description)
        case .ambiguousID, .invalidID, .quoteNotFound, .invalidValue, .wrongTrashState, .noConflict: self = .badRequest(error.description)
        case .busy: self = .busy(error.description)
        case .notFolioDatabase, .newerVersion, .cannotOpen, .corrupt, .database, .tooManyRemovals: self = .failure
        }
    }

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .tooLarge: .contentTooLarge
        case .expiredForm: .forbidden
        case .busy: .serviceUnavailable
        case .syncFailed: .badGateway
        case .failure: .internalServerError
        }
    }

    var heading: String {
        switch self {
        case .notFound: "Not found"
        case .badRequest: "That did not work"
        case .tooLarge: "Too large"
        case .expiredForm: "This form has expired"
        case .busy: "The library is busy"
        case .syncFailed: "Sync failed"
        case .failure: "Something went wrong"
        }
    }

    var detail: String {
        switch self {
        case .notFound(let message), .badRequest(let message), .busy(let message), .syncFailed(let message): message
        case .tooLarge(let limit):
            "The reader takes forms and files up to \(limit >> 20) MB; import a larger file with `folio import FILE`."
        case .expiredForm:
            "The page was open before folio-web restarted, or the request did not come from its own form: go back, reload the page and try again."
        case .failure: "folio-web could not do that; its log says why."
        }
    }
}
