import Foundation

/// The progress line `folio fetch` keeps on a terminal's stderr: fetched, failed, left, the
/// rate so far and the time left at that rate.
struct FetchProgress {
    let total: Int
    var fetched = 0
    var failed = 0

    /// Articles not finished yet (running or waiting).
    var left: Int { max(0, total - fetched - failed) }

    /// The line after `elapsed` seconds, without the carriage return and erase codes.
    func line(elapsed: Double) -> String {
        let done = fetched + failed
        var line = "fetched \(fetched), failed \(failed), left \(left)"
        guard done > 0, elapsed > 0 else { return line + "…" }
        let rate = Double(done) / elapsed
        line += String(format: ", %.1f pages/s", rate)
        if left > 0 { line += ", about " + Self.duration(Double(left) / rate) + " left" }
        return line
    }

    /// Seconds as a person reads them: "8 s", "2 min 5 s", "1 h 4 min".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
