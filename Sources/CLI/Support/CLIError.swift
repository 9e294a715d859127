import ArgumentParser
import Foundation
import Import
import Models
import Storage
import Sync
import Web

/// Errors of the command-line layer itself, with messages for the user.
enum CLIError: Error, CustomStringConvertible {
    case fileNotFound(String)
    case unreadable(String, reason: String)
    case isDirectory(String)
    case usage(String)
    case invalidInput(String)
    case cancelled(String)
    case editorFailed(String)
    /// A program folio starts for the user (the browser) failed.
    case commandFailed(String)
    /// The user pressed Ctrl-C; what was done is kept.
    case interrupted(String)
    /// A URL was saved as pending after a passing failure (offline, a timeout): `folio fetch`
    /// tries again.
    case savedPending(String)
    /// A URL was saved as pending because its page has no main text to extract (only boilerplate):
    /// the reason is recorded, and `folio fetch` tries again.
    case savedWithoutText(String)
    /// Some pending articles could not be fetched (each was named already); `transient` when
    /// every failure may pass.
    case fetchIncomplete(String, transient: Bool)
    case configuration(String)
    /// A program of Folio's that a command hands over to (`folio-web`) is not installed.
    case notInstalled(String)

    var description: String {
        switch self {
        case .fileNotFound(let path): return "\(path): no such file"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .isDirectory(let path): return "\(path) is a folder, not a file"
        case .usage(let message), .invalidInput(let message), .cancelled(let message),
            .editorFailed(let message), .commandFailed(let message), .interrupted(let message), .configuration(let message),
            .savedPending(let message), .savedWithoutText(let message), .fetchIncomplete(let message, _), .notInstalled(let message):
            return message
        }
    }
}

/// Exit codes scripts can rely on (sysexits.h values), as the argument parser's own type:
/// `success` (0) and `failure` (1) are its, the others Folio's. `ErrorReport` is the one place
/// that gives an error its code.
extension ExitCode {
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let temporaryFailure = ExitCode(75)
    static let noPermission = ExitCode(77)
    static let configuration = ExitCode(78)
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    static let interrupted = ExitCode(130)
}

/// Maps any error to its one-line message and exit code, once, for the entry point.
enum ErrorReport {
    /// The message and exit code of one of Folio's own errors; nil for any other error.
    static func describe(_ error: any Error) -> (message: String, code: ExitCode)? {
        switch error {
        case let error as StoreError:
            switch error {
            case .notFound, .unknownTag: return (error.description, .noInput)
            case .ambiguousID, .invalidID: return (error.description, .usage)
            case .quoteNotFound, .invalidValue, .wrongTrashState, .noConflict: return (error.description, .dataError)
            case .busy: return (error.description, .temporaryFailure)
            case .notFolioDatabase, .newerVersion, .cannotOpen: return (error.description, .configuration)
            case .corrupt, .database, .tooManyRemovals: return (error.description, .failure)
            }
        case let error as DocumentError:
            return (error.description, .dataError)
        case let error as SearchQueryError:
            return ("cannot search: \(error.description)", .dataError)
        case let error as SyncConfigurationError:
            return (error.description, .configuration)
        case let error as SyncError:
            switch error {
            case .notLoggedIn: return (error.description, .configuration)
            case .notAuthorized: return (error.description, .noPermission)
            case .serverError, .badAnswer, .unreachable: return (error.description, .unavailable)
            case .tooManyRemovals: return (error.description, .dataError)
            case .invalidServerURL: return (error.description, .usage)
            }
        case let error as FetchError:
            if error.isTransient { return (error.description, .temporaryFailure) }
            switch error {
            case .unsupported, .unreadable, .noMainText, .tooLarge: return (error.description, .dataError)
            case .invalid: return (error.description, .usage)
            default: return (error.description, .unavailable)
            }
        case let error as ImportError:
            switch error {
            case .unknownFormat: return (error.description, .usage)
            case .unreadable: return (error.description, .noInput)
            default: return (error.description, .dataError)
            }
        case let error as DocumentReadError:
            return (error.description, .dataError)
        case let error as CLIError:
            switch error {
            case .fileNotFound: return (error.description, .noInput)
            case .unreadable, .isDirectory: return (error.description, .noInput)
            case .usage: return (error.description, .usage)
            case .invalidInput: return (error.description, .dataError)
            case .cancelled, .editorFailed, .commandFailed: return (error.description, .failure)
            case .interrupted: return (error.description, .interrupted)
            case .savedPending: return (error.description, .temporaryFailure)
            case .savedWithoutText: return (error.description, .dataError)
            case .fetchIncomplete(_, let transient): return (error.description, transient ? .temporaryFailure : .unavailable)
            case .configuration: return (error.description, .configuration)
            case .notInstalled: return (error.description, .unavailable)
            }
        default:
            return nil
        }
    }
}
