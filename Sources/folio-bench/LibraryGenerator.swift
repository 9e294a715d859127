import Foundation
import Models

/// Derives articles and notes deterministically from the corpus.
///
/// Article `i` comes from corpus document `i % count`. The first pass over the corpus uses each
/// document as it is; later passes ("variants") get a fresh id, the original title followed by
/// the variant number, and a text made of the document's paragraphs mixed with paragraphs of
/// one to three other documents, shuffled. Every article and every batch of notes draws from
/// its own seeded generator, so the library depends only on the seed and the sizes.
struct LibraryGenerator: Sendable {
    /// An article with the paragraphs its text was made of (for quotes in notes).
    struct GeneratedArticle: Sendable {
        var article: Article
        var paragraphs: [String]
    }

    let corpus: Corpus
    let seed: UInt64

    /// Publication dates are spread over 2012-01-01 ..< 2026-01-01 (UTC).
    static let firstDate = Date(timeIntervalSince1970: 1_325_376_000)
    static let dateSpanSeconds = 14 * 365 * 86_400
    /// Tags some notes carry.
    static let noteTags = ["todo", "quote", "idea", "follow-up", "research"]

    private static let articleSalt: UInt64 = 1
    private static let noteSalt: UInt64 = 2

    /// Article number `index` of the library.
    func article(_ index: Int) -> GeneratedArticle {
        var random = SplitMix64(seed: seed, salt: Self.articleSalt, index: index)
        let documents = corpus.documents
        let document = documents[index % documents.count]
        let variant = index / documents.count

        var title = document.title
        var paragraphs = document.paragraphs
        if variant > 0 {
            title += " (\(variant + 1))"
            let others = random.between(1...3)
            for _ in 0..<others {
                guard let other = random.pick(documents) else { continue }
                paragraphs += other.paragraphs
            }
            random.shuffle(&paragraphs)
            // Keep texts of a realistic length: at most 12 paragraphs.
            if paragraphs.count > 12 { paragraphs.removeLast(paragraphs.count - 12) }
        }

        let published = Self.firstDate.addingTimeInterval(Double(random.below(Self.dateSpanSeconds)))
        let saved = published.addingTimeInterval(Double(random.below(60 * 86_400)))
        let site = Self.site(forSource: document.source)
        let path = document.id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "\(index)"
        let url = "https://\(site)/\(path)" + (variant > 0 ? "/\(variant + 1)" : "")
        let state: Article.State = random.chance(60) ? .archived : .unread
        let article = Article(
            id: EntityID.make(at: saved, using: &random),
            url: url,
            title: title,
            site: site,
            publishedAt: published,
            savedAt: saved,
            content: paragraphs.joined(separator: "\n\n"),
            tags: Self.tags(source: document.source, category: document.category),
            state: state,
            starred: random.chance(5),
            progress: state == .archived ? 1 : Double(random.below(101)) / 100)
        return GeneratedArticle(article: article, paragraphs: paragraphs)
    }

    /// The notes of one batch: `count` notes, each on a random article of `articles`, with a
    /// body of one to three corpus sentences and, for about half, a quote taken from the article.
    func notes(count: Int, on articles: [GeneratedArticle], batch: Int) -> [Note] {
        guard count > 0, !articles.isEmpty else { return [] }
        var random = SplitMix64(seed: seed, salt: Self.noteSalt, index: batch)
        var notes: [Note] = []
        notes.reserveCapacity(count)
        for _ in 0..<count {
            let target = articles[random.below(articles.count)]
            var body: [String] = []
            for _ in 0..<random.between(1...3) {
                if let sentence = corpusSentence(using: &random) { body.append(sentence) }
            }
            if body.isEmpty { body.append("Worth rereading.") }
            var quote: String?
            if random.chance(50), let paragraph = random.pick(target.paragraphs) {
                quote = random.pick(Corpus.sentences(paragraph))
            }
            var tags: [String] = []
            if random.chance(25), let tag = random.pick(Self.noteTags) { tags.append(tag) }
            let created = target.article.savedAt.addingTimeInterval(Double(random.below(100 * 86_400)))
            notes.append(
                Note(
                    id: EntityID.make(at: created, using: &random),
                    articleID: target.article.id,
                    quote: quote,
                    body: body.joined(separator: " "),
                    tags: tags,
                    createdAt: created))
        }
        return notes
    }

    /// A sentence of a random corpus document (a few tries, as some paragraphs have none).
    private func corpusSentence(using random: inout SplitMix64) -> String? {
        for _ in 0..<4 {
            guard let document = random.pick(corpus.documents),
                let paragraph = random.pick(document.paragraphs),
                let sentence = random.pick(Corpus.sentences(paragraph))
            else { continue }
            return sentence
        }
        return nil
    }

    /// The site an article of that corpus source is attributed to.
    static func site(forSource source: String) -> String {
        switch source {
        case "bbc": return "bbc.co.uk"
        case "reuters21578": return "reuters.com"
        case "ag_news": return "ag-news.example.org"
        case "mini_newsgroups": return "usenet.example.org"
        default: return source.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" } + ".example.org"
        }
    }

    /// Tags from the corpus source (`bbc`, `reuters`, `ag-news`, `newsgroups`) and its
    /// comma-separated categories (`business`, `sci/tech`, `grain`, `wheat`, `rec.autos`, …).
    static func tags(source: String, category: String) -> [String] {
        let sourceTag: String
        switch source {
        case "reuters21578": sourceTag = "reuters"
        case "mini_newsgroups": sourceTag = "newsgroups"
        default: sourceTag = source.replacingOccurrences(of: "_", with: "-")
        }
        return [sourceTag] + category.split(separator: ",").map(String.init)
    }
}
