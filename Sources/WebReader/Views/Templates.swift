/// The pages' Mustache templates, compiled into the binary (nothing to install beside it).
/// `{{ }}` escapes for HTML; the one `{{{ }}}` is the article's HTML, which `MarkdownRenderer`
/// escaped itself.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "library": library, "article": article, "search": search, "notes": notes, "add": add,
        "imported": imported, "login": login, "error": error,
    ]

    static let layout = """
        {{#chrome}}<!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="{{csrf}}">
        <title>{{pageTitle}} · Folio</title>
        <link rel="stylesheet" href="/static/folio.css">
        <script src="/static/folio.js" defer></script>
        </head>
        <body class="size-{{textSize}}">
        <header class="bar">
        <a class="brand" href="/">Folio</a>
        <nav><a href="/">Library</a> <a href="/search">Search</a> <a href="/notes">Notes</a> <a href="/add">Add</a></nav>
        {{#loggedIn}}<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button>Log out</button></form>{{/loggedIn}}
        </header>
        {{#message}}<p class="message" role="status">{{message}}</p>{{/message}}
        <main>
        {{$content}}{{/content}}
        </main>
        </body>
        </html>{{/chrome}}
        """

    static let library = """
        {{<layout}}{{$content}}
        <h1>Library</h1>
        <nav class="filters">
        {{#filters}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a> {{/filters}}
        {{#tag}}<span class="tag current">#{{tag}} <a href="/?filter={{filter}}" title="all tags">×</a></span>{{/tag}}
        </nav>
        <p class="count">{{countText}}</p>
        <ol class="articles">
        {{#rows}}
        <li class="article-row{{#unread}} unread{{/unread}}">
        <a class="title" href="/articles/{{id}}">{{#starred}}<span class="star" title="starred">★</span> {{/starred}}{{title}}</a>
        <div class="meta">{{#site}}<span>{{site}}</span>{{/site}}<span>{{date}}</span>{{#minutes}}<span>{{minutes}} min</span>{{/minutes}}{{#pending}}<span class="badge">pending</span>{{/pending}}{{#failed}}<span class="badge">failed</span>{{/failed}}{{#progress}}<span>read {{progress}}%</span>{{/progress}}</div>
        {{#hasTags}}<div class="tags">{{#tags}}<a class="tag" href="/?tag={{.}}">#{{.}}</a> {{/tags}}</div>{{/hasTags}}
        </li>
        {{/rows}}
        </ol>
        <nav class="paging">{{#previous}}<a href="{{previous}}" rel="prev">← Newer</a>{{/previous}} {{#next}}<a href="{{next}}" rel="next">Older →</a>{{/next}}</nav>
        <form method="post" action="/sync" class="sync"><input type="hidden" name="csrf" value="{{csrf}}"><span id="sync-status">{{syncLine}}</span> <button id="sync-button">Sync now</button></form>
        {{/content}}{{/layout}}
        """

    static let article = """
        {{<layout}}{{$content}}
        <article class="reader" id="article" data-id="{{id}}" data-progress="{{progressValue}}">
        <h1>{{title}}</h1>
        <p class="meta">{{#byline}}<span>{{byline}}</span>{{/byline}}{{#site}}<span>{{site}}</span>{{/site}}<span>{{date}}</span>{{#minutes}}<span>{{minutes}} min</span>{{/minutes}}{{#progress}}<span>read {{progress}}%</span>{{/progress}}</p>
        {{#url}}<p class="source"><a href="{{url}}" rel="noopener noreferrer nofollow">{{url}}</a></p>{{/url}}
        <p class="state">{{#starred}}<span class="badge">★ starred</span>{{/starred}}{{#archived}}<span class="badge">archived</span>{{/archived}}{{#trashed}}<span class="badge">in the trash</span>{{/trashed}}{{#pending}}<span class="badge">pending: not fetched yet</span>{{/pending}}</p>
        <div class="actions">
        <form method="post" action="/articles/{{id}}/{{starAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button id="star-button">{{starLabel}}</button></form>
        <form method="post" action="/articles/{{id}}/{{archiveAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button id="archive-button">{{archiveLabel}}</button></form>
        <form method="post" action="/articles/{{id}}/{{trashAction}}"><input type="hidden" name="csrf" value="{{csrf}}"><button id="trash-button">{{trashLabel}}</button></form>
        <span class="sizes">Text <a href="?size=small" title="smaller text">A−</a> <a href="?size=normal">A</a> <a href="?size=large" title="larger text">A+</a></span>
        </div>
        <div class="tags">{{#tags}}<form method="post" action="/articles/{{id}}/tags" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="remove" value="{{.}}"><a class="tag" href="/?tag={{.}}">#{{.}}</a><button class="remove" title="remove #{{.}}">×</button></form> {{/tags}}
        <form method="post" action="/articles/{{id}}/tags" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><label>Add tags <input name="add" size="12" placeholder="tag other"></label> <button>Tag</button></form></div>
        <div class="text" id="article-text">
        {{{contentHTML}}}
        </div>
        <button type="button" id="highlight-button" hidden>Highlight</button>
        </article>
        <section class="notes" id="notes">
        <h2>Notes ({{noteCount}})</h2>
        {{#notes}}
        <div class="note" id="note-{{id}}">
        {{#quote}}<blockquote><a href="#quote-{{id}}">{{quote}}</a></blockquote>{{/quote}}
        {{#body}}<p class="body">{{body}}</p>{{/body}}
        <p class="meta"><span>{{date}}</span>{{#tags}}<span class="tag">#{{.}}</span>{{/tags}}{{#conflict}}<a class="badge" href="/notes?show=conflicts#note-{{id}}">conflict</a>{{/conflict}}</p>
        </div>
        {{/notes}}
        {{#hasMissing}}
        <h3>Quotes not found in the text</h3>
        {{#missing}}
        <div class="note missing" id="note-{{id}}"><blockquote>{{quote}}</blockquote>{{#body}}<p class="body">{{body}}</p>{{/body}}<p class="meta"><span>{{date}}</span></p></div>
        {{/missing}}
        {{/hasMissing}}
        <form method="post" action="/articles/{{id}}/notes" id="note-form" class="note-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <h3>Add a note</h3>
        <label>Quote (a passage of the article; select it above to fill this)<textarea name="quote" id="quote-field" rows="3"></textarea></label>
        <label>Note<textarea name="body" id="note-field" rows="4"></textarea></label>
        <label>Tags <input name="tags" placeholder="tag other"></label>
        <button id="save-note">Save note</button>
        </form>
        </section>
        {{/content}}{{/layout}}
        """

    static let search = """
        {{<layout}}{{$content}}
        <h1>Search</h1>
        <form method="get" action="/search" class="search">
        <input type="search" name="q" value="{{query}}" placeholder="words &quot;a phrase&quot; tag:name -not" autofocus>
        <select name="in"><option value="all"{{#scopeAll}} selected{{/scopeAll}}>Articles and notes</option><option value="articles"{{#scopeArticles}} selected{{/scopeArticles}}>Articles</option><option value="notes"{{#scopeNotes}} selected{{/scopeNotes}}>Notes</option></select>
        <button>Search</button>
        </form>
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        {{#searched}}<p class="count">{{countText}}</p>{{/searched}}
        <ol class="results">
        {{#results}}
        <li class="result {{kind}}">
        <span class="badge">{{kind}}</span> <a class="title" href="{{href}}">{{title}}</a> <span class="date">{{date}}</span>
        <p class="snippet">{{{snippetHTML}}}</p>
        </li>
        {{/results}}
        </ol>
        {{#more}}<p><a href="{{more}}" rel="next">More results</a></p>{{/more}}
        <details class="help"><summary>Query language</summary>
        <p>Words must all match (stemmed). Also <code>"exact phrase"</code>, <code>prefix*</code>, <code>-excluded</code>, <code>a OR b</code>, <code>tag:NAME</code>, <code>site:example.com</code>, <code>title:WORD</code>, <code>in:notes</code>, <code>is:unread|archived|starred</code>, <code>before:YYYY-MM-DD</code>, <code>after:YYYY-MM-DD</code>.</p>
        </details>
        {{/content}}{{/layout}}
        """

    static let notes = """
        {{<layout}}{{$content}}
        <h1>Notes</h1>
        <nav class="filters">{{#filters}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a> {{/filters}}</nav>
        <p class="count">{{countText}}</p>
        {{#notes}}
        <div class="note" id="note-{{id}}">
        {{#articleTitle}}<p class="on">On <a href="/articles/{{articleID}}#note-{{id}}">{{articleTitle}}</a></p>{{/articleTitle}}
        {{#quote}}<blockquote>{{quote}}</blockquote>{{/quote}}
        {{#body}}<p class="body">{{body}}</p>{{/body}}
        <p class="meta"><span>{{date}}</span>{{#tags}}<span class="tag">#{{.}}</span>{{/tags}}{{#conflict}}<span class="badge">conflict</span>{{/conflict}}</p>
        {{#conflict}}
        <div class="sides">
        {{#sides}}
        <form method="post" action="/notes/{{noteID}}/resolve" class="side">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="keep" value="{{number}}">
        <h3>[{{number}}] {{role}}</h3>
        <p class="body">{{body}}</p>
        <button>Keep [{{number}}]</button>
        </form>
        {{/sides}}
        </div>
        {{/conflict}}
        </div>
        {{/notes}}
        <form method="post" action="/notes" class="note-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <h2>A standalone note</h2>
        <label>Note<textarea name="body" rows="4" required></textarea></label>
        <label>Tags <input name="tags" placeholder="tag other"></label>
        <button>Save note</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let add = """
        {{<layout}}{{$content}}
        <h1>Add</h1>
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        <form method="post" action="/add/url" class="add">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <h2>A web page</h2>
        <label>URL <input type="url" name="url" id="add-url" required placeholder="https://…"></label>
        <label>Tags <input name="tags" placeholder="tag other"></label>
        <button id="add-url-button">Save</button>
        <p class="hint">Fetched and read into an article now; saved as pending (fetched later) when the site cannot be reached.</p>
        </form>
        <form method="post" action="/add/text" class="add">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <h2>Pasted text or Markdown</h2>
        <label>Title (default: the first sentence) <input name="title"></label>
        <label>URL (optional) <input type="url" name="url"></label>
        <label>Text<textarea name="text" rows="12" required></textarea></label>
        <label>Tags <input name="tags" placeholder="tag other"></label>
        <button>Save</button>
        </form>
        <form method="post" action="/import" enctype="multipart/form-data" class="add">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <h2>Import a library</h2>
        <label>Export files <input type="file" name="file" id="import-file" multiple required></label>
        <label>Format <select name="from"><option value="">Found from the content</option>{{#formats}}<option value="{{name}}">{{name}}: {{summary}}</option>{{/formats}}</select></label>
        <label>Tags for everything imported <input name="tags" placeholder="tag other"></label>
        <label class="check"><input type="checkbox" name="dry-run" value="1"> Only count what would be imported</label>
        <button id="import-button">Import</button>
        <p class="hint">A Folio export, or another tool's: Pocket, Instapaper, Omnivore, wallabag, Readwise, Raindrop, Karakeep, Linkwarden, Pinboard, GoodLinks, browser bookmarks, CSV. Duplicates merge; importing a file twice changes nothing.</p>
        </form>
        {{/content}}{{/layout}}
        """

    static let imported = """
        {{<layout}}{{$content}}
        <h1>{{heading}}</h1>
        <p id="import-summary">{{heading}}: {{line}}{{#dryRun}} (nothing changed){{/dryRun}}</p>
        {{#hasSkipped}}<h2>Skipped</h2>{{/hasSkipped}}
        <ul class="skipped">{{#skipped}}<li>{{file}}, row {{row}}: {{reason}}{{#url}} ({{url}}){{/url}}</li>{{/skipped}}</ul>
        {{#hasMoreSkipped}}<p class="hint">… and {{moreSkipped}} more (<code>folio import --json</code> lists them all).</p>{{/hasMoreSkipped}}
        <p>{{#tag}}<a href="/?tag={{tag}}">The imported articles</a> · {{/tag}}<a href="/">The library</a> · <a href="/add">Add more</a></p>
        {{/content}}{{/layout}}
        """

    static let login = """
        {{<layout}}{{$content}}
        <h1>Log in</h1>
        {{#error}}<p class="error">{{error}}</p>{{/error}}
        <form method="post" action="/login" class="login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <label>Password <input type="password" name="password" autofocus required autocomplete="current-password"></label>
        <button>Log in</button>
        </form>
        {{/content}}{{/layout}}
        """

    static let error = """
        {{<layout}}{{$content}}
        <h1>{{heading}}</h1>
        <p class="error">{{detail}}</p>
        <p><a href="/">Back to the library</a></p>
        {{/content}}{{/layout}}
        """
}
