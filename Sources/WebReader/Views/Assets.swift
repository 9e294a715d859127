/// The reader's style sheet and its one script, served from the binary as `/static/…` (the
/// Content-Security-Policy allows scripts from the reader itself only, never inline ones).
enum Assets {
    /// `/static/folio.css`: readable typography, light and dark following the system.
    static let css = """
        :root { color-scheme: light dark; --text: #1d1d1f; --muted: #6b6b70; --back: #fdfcf9; --line: #e3e0d8; --accent: #8a3b12; --mark: #fff0a8; --size: 1.125rem; }
        @media (prefers-color-scheme: dark) { :root { --text: #e8e6e3; --muted: #9d9a95; --back: #16161a; --line: #33323a; --accent: #f0a36d; --mark: #5c4c0d; } }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--back); color: var(--text); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        body.size-small { --size: 1rem; } body.size-large { --size: 1.3rem; }
        a { color: var(--accent); }
        .bar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
        .bar .brand { font-weight: 700; text-decoration: none; color: var(--text); }
        .bar nav a { margin-right: .6rem; }
        .bar form { margin-left: auto; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        h1 { line-height: 1.2; }
        .message { max-width: 46rem; margin: .5rem auto; padding: .5rem 1rem; border-left: 4px solid var(--accent); }
        .error { color: #c62828; }
        .meta, .count, .hint, .date { color: var(--muted); font-size: .9rem; }
        .meta span + span::before { content: " · "; }
        .filters a { margin-right: .5rem; } .filters a[aria-current] { font-weight: 700; text-decoration: none; color: var(--text); }
        .articles, .results { list-style: none; padding: 0; }
        .article-row, .result { padding: .6rem 0; border-bottom: 1px solid var(--line); }
        .article-row .title, .result .title { font-weight: 600; text-decoration: none; color: var(--text); font-size: 1.05rem; }
        .article-row.unread .title::after { content: " •"; color: var(--accent); }
        .tag { color: var(--muted); font-size: .9rem; text-decoration: none; margin-right: .3rem; }
        .badge { font-size: .8rem; border: 1px solid var(--line); border-radius: .3rem; padding: 0 .3rem; margin-right: .3rem; }
        .reader .text { font: var(--size)/1.65 Georgia, "Iowan Old Style", "Times New Roman", serif; overflow-wrap: break-word; }
        .reader img { max-width: 100%; height: auto; }
        .reader pre { overflow-x: auto; background: rgba(127,127,127,.12); padding: .6rem; }
        .reader table { border-collapse: collapse; display: block; overflow-x: auto; }
        .reader td, .reader th { border: 1px solid var(--line); padding: .2rem .4rem; }
        blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid var(--line); color: var(--muted); }
        mark { background: var(--mark); color: inherit; }
        .actions { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: .5rem 0; }
        .actions form, form.inline { display: inline; margin: 0; }
        .sizes a { margin: 0 .2rem; }
        button { font: inherit; padding: .25rem .7rem; border: 1px solid var(--line); border-radius: .4rem; background: transparent; color: var(--text); cursor: pointer; }
        button.remove { border: 0; padding: 0 .2rem; color: var(--muted); }
        #highlight-button { position: absolute; z-index: 2; background: var(--back); box-shadow: 0 2px 6px rgba(0,0,0,.25); }
        label { display: block; margin: .5rem 0; }
        textarea, input[type=url], input[type=search], input[type=password], input:not([type]) { font: inherit; width: 100%; padding: .35rem; border: 1px solid var(--line); border-radius: .3rem; background: transparent; color: var(--text); }
        .tags input:not([type]) { width: auto; }
        .tags label { display: inline; }
        .note { padding: .5rem 0; border-bottom: 1px solid var(--line); }
        .note .body { white-space: pre-wrap; }
        .note-form, form.add, form.login { margin-top: 1.5rem; }
        .sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .6rem; }
        .side { border: 1px solid var(--line); padding: .5rem; border-radius: .4rem; }
        form.search { display: flex; flex-wrap: wrap; gap: .4rem; } form.search input { flex: 1 1 14rem; }
        .snippet mark { font-weight: 600; }
        .paging { display: flex; justify-content: space-between; margin: 1rem 0; }
        """

    /// `/static/folio.js`: saving the reading position as `progress`, and turning a selected
    /// passage into a note's quote. Reading and every form work without it.
    static let javascript = """
        "use strict";
        (function () {
          const article = document.getElementById("article");
          if (!article) return;
          const token = document.querySelector('meta[name="csrf-token"]').content;
          const id = article.dataset.id;
          let saved = parseFloat(article.dataset.progress) || 0;

          // Back to where the reader left off.
          if (saved > 0 && !location.hash) {
            const top = article.offsetTop + article.offsetHeight * saved - window.innerHeight;
            if (top > 0) window.scrollTo(0, top);
          }

          // The reading position: how far down the article the bottom of the window is.
          function position() {
            const bottom = window.scrollY + window.innerHeight - article.offsetTop;
            return Math.max(0, Math.min(1, bottom / Math.max(1, article.offsetHeight)));
          }
          let timer = null;
          function save() {
            timer = null;
            const progress = Math.round(position() * 100) / 100;
            if (progress <= saved) return;
            saved = progress;
            fetch("/articles/" + encodeURIComponent(id) + "/progress", {
              method: "POST",
              headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token },
              body: "progress=" + progress,
              credentials: "same-origin",
            }).catch(function () {});
          }
          window.addEventListener("scroll", function () {
            if (timer === null) timer = setTimeout(save, 800);
          }, { passive: true });

          // A selected passage becomes the quote of a new note.
          const text = document.getElementById("article-text");
          const button = document.getElementById("highlight-button");
          const quote = document.getElementById("quote-field");
          const note = document.getElementById("note-field");
          function selectedPassage() {
            const selection = window.getSelection();
            if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
            const range = selection.getRangeAt(0);
            if (!text.contains(range.commonAncestorContainer)) return null;
            const passage = selection.toString().trim();
            return passage ? { passage: passage, range: range } : null;
          }
          function offer() {
            const selected = selectedPassage();
            if (!selected) { button.hidden = true; return; }
            const box = selected.range.getBoundingClientRect();
            button.style.top = (window.scrollY + box.bottom + 6) + "px";
            button.style.left = (window.scrollX + box.left) + "px";
            button.hidden = false;
          }
          document.addEventListener("mouseup", function () { setTimeout(offer, 0); });
          document.addEventListener("keyup", function () { setTimeout(offer, 0); });
          document.addEventListener("touchend", function () { setTimeout(offer, 0); });
          button.addEventListener("mousedown", function (event) { event.preventDefault(); });
          button.addEventListener("click", function () {
            const selected = selectedPassage();
            if (selected) quote.value = selected.passage;
            button.hidden = true;
            note.scrollIntoView({ block: "center" });
            note.focus();
          });
        })();
        """
}
