/// How many articles and notes one sync may move to the trash or delete before it stops and
/// asks (`folio sync --force`): a guard against a reset or wrong server wiping a device.
package struct RemovalGuard: Sendable, Equatable {
    /// Never more than this many at once.
    package var maximum = 500
    /// Never more than this share of the library...
    package var fraction = 0.5
    /// ...once that is more than this many (so that small libraries sync normally).
    package var minimum = 10

    package init() {}

    /// The most removals allowed for a library of `items` live articles and notes.
    package func limit(library items: Int) -> Int {
        min(maximum, max(minimum, Int(Double(items) * fraction)))
    }
}
