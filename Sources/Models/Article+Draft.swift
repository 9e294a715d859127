import Foundation

extension Article {
    /// The article to save from what a page or file gave (`ArticleDraft`); what the user gave
    /// wins (`folio add`'s options, the web reader's form). The title falls back on the URL,
    /// then "Untitled".
    package init(
        draft: ArticleDraft, url: String?, title: String? = nil, byline: String? = nil, site: String? = nil,
        publishedAt: Date? = nil, tags: [String] = []
    ) {
        self.init(
            url: url, title: title ?? draft.title ?? url ?? "Untitled", byline: byline ?? draft.byline,
            site: site ?? draft.site, publishedAt: publishedAt ?? draft.publishedAt, content: draft.markdown, tags: tags)
    }
}
