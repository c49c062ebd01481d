//! The live-reload script served to preview pages: it listens to the server's events, reloads
//! the page after a rebuild (or swaps stylesheets when only CSS changed), shows an overlay with
//! the errors while the site does not build, and reconnects when the server restarts. The
//! overlay's words come with the errors (`overlay`: title, note, the word before a hint), in the
//! preview's language: the script itself says nothing to the editor.

pub const SCRIPT: &str = r#"(() => {
  "use strict";
  let build = null;
  let overlay = null;

  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function showErrors(errors, words) {
    hideErrors();
    words = words || {};
    overlay = document.createElement("div");
    overlay.id = "gen-erreurs";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;";
    const title = document.createElement("h2");
    title.textContent = words.title || "";
    title.style.cssText = "margin:0 0 1rem;font-size:1.2rem;color:#ffb4a8;";
    overlay.appendChild(title);
    const note = document.createElement("p");
    note.textContent = words.note || "";
    note.style.cssText = "margin:0 0 1.5rem;color:#ddd;";
    overlay.appendChild(note);
    for (const e of errors) {
      const item = document.createElement("div");
      item.className = "gen-erreur";
      item.style.cssText = "margin:0 0 1rem;padding:.75rem 1rem;border-left:4px solid #ff7b6b;background:#2a2a2a;";
      const where = document.createElement("div");
      where.textContent = e.location;
      where.style.cssText = "color:#9cdcfe;";
      const what = document.createElement("div");
      what.textContent = e.message;
      item.append(where, what);
      if (e.help) {
        const help = document.createElement("div");
        help.textContent = (words.help ? words.help + " " : "") + e.help;
        help.style.cssText = "color:#b5e8a8;";
        item.appendChild(help);
      }
      overlay.appendChild(item);
    }
    (document.body || document.documentElement).appendChild(overlay);
  }

  function swapStylesheets() {
    const stamp = Date.now();
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("gen-reload", stamp);
      link.href = url.toString();
    }
  }

  function connect() {
    const source = new EventSource("/__gen/events");
    source.addEventListener("hello", (message) => {
      const data = JSON.parse(message.data);
      // A new build happened while we were away (or the server restarted): show it.
      if (build !== null && data.build !== build) { location.reload(); return; }
      build = data.build;
      window.__genLive = build;
      if (data.errors && data.errors.length) { showErrors(data.errors, data.overlay); } else { hideErrors(); }
    });
    source.addEventListener("reload", () => { location.reload(); });
    source.addEventListener("css", (message) => {
      build = JSON.parse(message.data).build;
      hideErrors();
      swapStylesheets();
    });
    source.addEventListener("errors", (message) => {
      const data = JSON.parse(message.data);
      showErrors(data.errors, data.overlay);
    });
    source.onerror = () => {
      // EventSource retries by itself; after a server restart the "hello" above reloads.
    };
  }

  connect();
})();
"#;
