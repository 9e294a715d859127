#if canImport(Glibc)
    import Glibc
#endif

/// Writes bytes to a file descriptor with `write(2)`, in as many calls as the system takes,
/// and stops quietly when the reader has gone (EPIPE while SIGPIPE is ignored: a pager that quit
/// before the end).
///
/// Standard output and standard error go through it rather than Foundation's `FileHandle` with
/// a `Data` of the text: that sets up `FileHandle` and casts the text's bytes to find their
/// storage, a search of the runtime's whole table of conformances, in every process
/// (docs/benchmarks.md, "Search").
enum DescriptorWriter {
    /// Writes `text` as UTF-8.
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    /// Writes all of `bytes`.
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
