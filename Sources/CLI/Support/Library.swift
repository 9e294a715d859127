import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// Options shared by commands that print data.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.customShort("j"), .long], help: "Print JSON (sorted keys, ISO-8601 dates) instead of text.")
    var json = false

    @Flag(name: [.short, .long], help: "Print no confirmation on success (data, warnings and errors still print).")
    var quiet = false

    /// Prints a confirmation ("Archived …", "Saved …") unless --quiet.
    func say(_ text: String) {
        if !quiet { printOut(text) }
    }
}

/// `-q/--quiet` alone, for commands that print only confirmations.
struct QuietOption: ParsableArguments {
    @Flag(name: [.short, .long], help: "Print no confirmation on success (warnings and errors still print).")
    var quiet = false

    /// Prints a confirmation unless --quiet.
    func say(_ text: String) {
        if !quiet { printOut(text) }
    }
}

/// Opens the user's library, resolving paths and the lock wait from the environment.
enum Library {
    /// The store at `$FOLIO_HOME/library.sqlite` or the XDG data folder. The lock wait is
    /// `$FOLIO_LOCK_TIMEOUT` seconds (default 10).
    ///
    /// Commands that only read pass `readOnly`, so that they write nothing to the store.
    static func open(
        readOnly: Bool = false, cachedPages: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Store {
        let paths = FolioPaths.current(environment: environment)
        try paths.createDataDirectory()
        let timeout = FolioPaths.lockTimeout(environment: environment)
        return try Store(
            path: paths.storePath, configuration: StoreConfiguration(lockTimeout: timeout, readOnly: readOnly, cachedPages: cachedPages))
    }
}

/// Writes JSON to standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let data = try FolioJSON.encoder(pretty: true).encode(value)
    data.withUnsafeBytes { DescriptorWriter.write($0, to: STDOUT_FILENO) }
    DescriptorWriter.write("\n", to: STDOUT_FILENO)
}

/// Writes text to standard output.
func printOut(_ text: String) {
    DescriptorWriter.write(text + "\n", to: STDOUT_FILENO)
}

/// Reads a whole input: a file path, or `-` for standard input, with the size limit checked
/// before reading.
func readInput(_ source: String, limit: Int = ArticleDraft.sizeLimit) throws -> (data: Data, name: String) {
    if source == "-" {
        var data = Data()
        while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            data.append(chunk)
            if data.count > limit { throw DocumentError.tooLarge(source: "standard input", bytes: data.count, limit: limit) }
        }
        return (data, "standard input")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else { throw CLIError.fileNotFound(source) }
    if isDirectory.boolValue { throw CLIError.isDirectory(source) }
    guard FileManager.default.isReadableFile(atPath: source) else { throw CLIError.unreadable(source, reason: "permission denied") }
    let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.intValue ?? 0
    if size > limit { throw DocumentError.tooLarge(source: source, bytes: size, limit: limit) }
    guard let data = FileManager.default.contents(atPath: source) else { throw CLIError.unreadable(source, reason: "read failed") }
    return (data, source)
}

/// Parses a date option (`YYYY-MM-DD` or full ISO-8601).
func parseDate(_ text: String, option: String) throws -> Date {
    guard let date = ISODate.parse(text) else {
        throw CLIError.invalidInput("\(option) \(text) is not a date: write it as YYYY-MM-DD (or full ISO-8601)")
    }
    return date
}
