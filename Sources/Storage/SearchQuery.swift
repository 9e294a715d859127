import Foundation
import Models

/// A search as a person types it, parsed: words that must all match, `"exact phrases"`,
/// `prefix*`, `-excluded` terms, `OR` between terms, and qualifiers (`tag:`, `site:`, `title:`,
/// `in:notes|articles`, `is:unread|archived|starred`, `before:`/`after:` dates).
///
/// Parsing is pure; `ftsExpression` turns the terms into an FTS5 `MATCH` expression in which
/// every piece of user text is a quoted string, so no input can produce an FTS5 syntax error.
package struct SearchQuery: Sendable, Equatable {
    /// One thing to look for.
    package struct Term: Sendable, Equatable {
        /// The words (one for a plain term, several for a phrase).
        package var text: String
        package var isPhrase: Bool
        package var isPrefix: Bool
        /// Restricts the term to the title column.
        package var titleOnly: Bool

        package init(text: String, isPhrase: Bool = false, isPrefix: Bool = false, titleOnly: Bool = false) {
            self.text = text
            self.isPhrase = isPhrase
            self.isPrefix = isPrefix
            self.titleOnly = titleOnly
        }
    }

    /// Which kinds of item to return.
    package enum Scope: String, Sendable, Equatable {
        case all, articles, notes
    }

    /// Terms that must all match; each inner array is a set of alternatives joined by `OR`.
    package var required: [[Term]] = []
    /// Terms that must not match.
    package var excluded: [Term] = []
    package var tags: [String] = []
    package var sites: [String] = []
    package var scope: Scope = .all
    package var state: Article.State?
    package var starredOnly = false
    /// Dated (published, else saved) strictly before this day.
    package var before: Date?
    /// Dated on or after this day.
    package var after: Date?

    package init() {}

    /// Whether there are words to match (otherwise the search only filters).
    package var hasTerms: Bool { !required.isEmpty }

    /// Parses what the user typed.
    package static func parse(_ input: String) throws(SearchQueryError) -> SearchQuery {
        var query = SearchQuery()
        let tokens = try tokenize(input)
        guard !tokens.isEmpty else { throw .empty }
        var pendingOr = false
        var previousWasTerm = false
        for token in tokens {
            switch token {
            case .or:
                guard previousWasTerm, !pendingOr else { throw .danglingOr }
                pendingOr = true
            case .term(let term, let negated):
                if negated {
                    if pendingOr { throw .danglingOr }
                    query.excluded.append(term)
                    previousWasTerm = false
                } else if pendingOr, !query.required.isEmpty {
                    query.required[query.required.count - 1].append(term)
                    pendingOr = false
                    previousWasTerm = true
                } else {
                    query.required.append([term])
                    previousWasTerm = true
                }
            case .qualifier(let key, let value, let negated):
                if pendingOr { throw .danglingOr }
                if negated { throw .negatedQualifier(key) }
                try query.apply(key: key, value: value)
                previousWasTerm = false
            }
        }
        if pendingOr { throw .danglingOr }
        if query.required.isEmpty && !query.excluded.isEmpty { throw .onlyExclusions }
        return query
    }

    private mutating func apply(key: String, value: String) throws(SearchQueryError) {
        guard !value.isEmpty else { throw .missingValue(key) }
        switch key {
        case "tag":
            guard let tag = Tag.normalize(value) else { throw .missingValue(key) }
            tags.append(tag)
        case "site":
            sites.append(value.lowercased())
        case "in":
            switch value.lowercased() {
            case "notes", "note": scope = .notes
            case "articles", "article": scope = .articles
            default: throw .badValue(key: key, value: value, expected: "notes or articles")
            }
        case "is":
            switch value.lowercased() {
            case "unread": state = .unread
            case "archived": state = .archived
            case "starred": starredOnly = true
            default: throw .badValue(key: key, value: value, expected: "unread, archived or starred")
            }
        case "before", "after":
            guard let date = ISODate.parse(value) else {
                throw .badValue(key: key, value: value, expected: "a date as YYYY-MM-DD")
            }
            if key == "before" { before = date } else { after = date }
        default:
            break
        }
    }

    // MARK: - Tokens

    enum Token: Equatable {
        case term(Term, negated: Bool)
        case qualifier(key: String, value: String, negated: Bool)
        case or
    }

    static let qualifierKeys: Set<String> = ["tag", "site", "title", "in", "is", "before", "after"]

    /// Splits the input into terms, phrases, qualifiers and `OR`. An unclosed quote runs to the
    /// end of the input.
    static func tokenize(_ input: String) throws(SearchQueryError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(input)
        var index = 0
        while index < characters.count {
            if characters[index].isWhitespace {
                index += 1
                continue
            }
            var negated = false
            if characters[index] == "-" {
                negated = true
                index += 1
                guard index < characters.count, !characters[index].isWhitespace else { continue }
            }
            // A qualifier `key:` directly followed by a value (possibly quoted).
            var word = ""
            var cursor = index
            while cursor < characters.count, characters[cursor].isLetter {
                word.append(characters[cursor])
                cursor += 1
            }
            let key = word.lowercased()
            if cursor < characters.count, characters[cursor] == ":", qualifierKeys.contains(key) {
                cursor += 1
                let (value, quoted, next) = readValue(characters, from: cursor)
                index = next
                if key == "title" {
                    let term = makeTerm(value, quoted: quoted, titleOnly: true)
                    guard let term else { throw .missingValue("title") }
                    tokens.append(.term(term, negated: negated))
                } else {
                    tokens.append(.qualifier(key: key, value: value, negated: negated))
                }
                continue
            }
            let (value, quoted, next) = readValue(characters, from: index)
            index = next
            if !quoted && !negated && value == "OR" {
                tokens.append(.or)
                continue
            }
            if let term = makeTerm(value, quoted: quoted, titleOnly: false) {
                tokens.append(.term(term, negated: negated))
            }
        }
        return tokens
    }

    /// Reads a quoted phrase or a bare word starting at `start`.
    private static func readValue(_ characters: [Character], from start: Int) -> (String, quoted: Bool, next: Int) {
        var index = start
        if index < characters.count, characters[index] == "\"" {
            index += 1
            var value = ""
            while index < characters.count, characters[index] != "\"" {
                value.append(characters[index])
                index += 1
            }
            return (value, true, min(index + 1, characters.count))
        }
        var value = ""
        while index < characters.count, !characters[index].isWhitespace {
            value.append(characters[index])
            index += 1
        }
        return (value, false, index)
    }

    /// Builds a term from raw text; nil when the text holds nothing searchable (no letters or
    /// digits), which would match nothing in the index.
    private static func makeTerm(_ raw: String, quoted: Bool, titleOnly: Bool) -> Term? {
        var text = raw
        var isPrefix = false
        if !quoted, text.hasSuffix("*") {
            isPrefix = true
            while text.hasSuffix("*") { text.removeLast() }
        }
        let words = searchableWords(text)
        guard !words.isEmpty else { return nil }
        return Term(text: words.joined(separator: " "), isPhrase: quoted || words.count > 1, isPrefix: isPrefix, titleOnly: titleOnly)
    }

    /// The runs of letters and digits in `text`, as the index's tokenizer would see them.
    static func searchableWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: - FTS5

    /// The FTS5 `MATCH` expression for the terms; nil when there are none.
    package var ftsExpression: String? { ftsExpression(stems: [:]) }

    /// The single-word prefix terms (lowercased), whose stems `Store` looks up.
    var prefixWords: [String] {
        (required.joined() + excluded).filter { $0.isPrefix && !$0.isPhrase }.map { $0.text.lowercased() }
    }

    /// The `MATCH` expression, where each prefix term also matches the indexed stems given for
    /// it. (The index holds Porter stems: "negotiate" is stored as "negoti", which the prefix
    /// "negotiat*" alone would miss.)
    ///
    /// With `narrowingByTags` (the default), each `tag:` adds `tags : "words"`; without, the
    /// expression has only what the user looks for (what snippets should highlight).
    func ftsExpression(stems: [String: [String]], narrowingByTags: Bool = true) -> String? {
        guard hasTerms else { return nil }
        func term(_ term: Term) -> String {
            let base = Self.fts(term)
            guard term.isPrefix, !term.isPhrase, let extra = stems[term.text.lowercased()], !extra.isEmpty else { return base }
            let alternatives = [base] + extra.map { Self.fts(Term(text: $0, titleOnly: term.titleOnly)) }
            return "(" + alternatives.joined(separator: " OR ") + ")"
        }
        let groups = required.map { alternatives -> String in
            let parts = alternatives.map(term)
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        }
        // A tag narrows the full-text match to items whose tags column has its words, so that
        // SQLite ranks only those; the store then checks the exact tag.
        let tagGroups = (narrowingByTags ? tags : []).map(Self.searchableWords).filter { !$0.isEmpty }.map {
            "tags : " + Self.ftsString($0.joined(separator: " "))
        }
        let all = groups + tagGroups
        var expression = all.count == 1 ? all[0] : "(" + all.joined(separator: " AND ") + ")"
        if !excluded.isEmpty {
            expression += " NOT (" + excluded.map(term).joined(separator: " OR ") + ")"
        }
        return expression
    }

    /// One term as an FTS5 string: quotes doubled, `*` outside the string for a prefix.
    static func fts(_ term: Term) -> String {
        var string = ftsString(term.text)
        if term.isPrefix { string += " *" }
        return term.titleOnly ? "title : " + string : string
    }

    /// `text` as an FTS5 string: in double quotes, each quote in it doubled. (Foundation's
    /// `replacingOccurrences` goes through NSString on Linux: 2 % of a whole `folio search`.)
    static func ftsString(_ text: String) -> String {
        var string = "\""
        for character in text {
            string.append(character)
            if character == "\"" { string.append("\"") }
        }
        string.append("\"")
        return string
    }
}

/// Why a search cannot be run; each message says how to write it instead.
package enum SearchQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case onlyExclusions
    case danglingOr
    case negatedQualifier(String)
    case missingValue(String)
    case badValue(key: String, value: String, expected: String)

    package var description: String {
        switch self {
        case .empty:
            return "the search is empty: give at least one word, for example `folio search climate`"
        case .onlyExclusions:
            return "the search only excludes words: add at least one word to look for"
        case .danglingOr:
            return "OR needs a word on each side, as in `cats OR dogs`"
        case .negatedQualifier(let key):
            return "\(key): cannot be negated with -"
        case .missingValue(let key):
            return
                "\(key): needs a value, as in `\(key):\(key == "title" ? "word" : key == "in" ? "notes" : key == "is" ? "unread" : key == "before" || key == "after" ? "2025-01-31" : "name")`"
        case .badValue(let key, let value, let expected):
            return "\(key):\(value) is not understood: \(key): takes \(expected)"
        }
    }
}
