import Foundation
import Models

/// A set of field changes to one article. Only the fields that are set change; setting a field
/// to the value it already has records nothing.
public struct ArticleEdit: Sendable, Equatable {
    public var title: String?
    /// `.some(nil)` clears the URL.
    public var url: String??
    public var byline: String??
    public var site: String??
    public var publishedAt: Date??
    public var content: String?
    public var state: Article.State?
    public var starred: Bool?
    /// Reading progress, from 0 to 1. It only goes up: progress merges as the maximum across
    /// devices, so a lower value than the article's leaves it as it is.
    public var progress: Double?
    public var contentStatus: Article.ContentStatus?
    public var addTags: [String] = []
    public var removeTags: [String] = []

    public init() {}

    /// Whether the edit changes nothing at all.
    public var isEmpty: Bool { self == ArticleEdit() }
}

/// A set of field changes to one note.
public struct NoteEdit: Sendable, Equatable {
    public var body: String?
    /// `.some(nil)` clears the quote.
    public var quote: String??
    public var addTags: [String] = []
    public var removeTags: [String] = []

    public init() {}
}
