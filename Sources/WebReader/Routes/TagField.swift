import Models

/// Tags typed in a form field: separated by spaces or commas, each normalized as the CLI does.
enum TagField {
    static func tags(_ field: String) -> [String] {
        Tag.normalizedSet(field.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { String($0.drop(while: { $0 == "#" })) })
    }
}
