// Search over the section's index, in the browser: no server, no third party.
// Accent- and case-insensitive ("reseaux" finds "Réseaux"); every word must match.
(() => {
  "use strict";
  const form = document.getElementById("recherche");
  const input = document.getElementById("recherche-texte");
  const status = document.getElementById("recherche-etat");
  const list = document.getElementById("recherche-resultats");
  if (!form || !input || !status || !list) return;

  const fold = (text) => (text || "")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘`]/g, "'").replace(/[\u00a0\u202f]/g, " ")
    .replace(/œ/g, "oe").replace(/æ/g, "ae")
    .toLowerCase();

  let entries = null;
  const load = () => {
    if (!entries) {
      entries = fetch(form.dataset.index)
        .then((response) => {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then((items) => items.map((item) => {
          const terms = Object.values(item.terms || {}).flat();
          return { item, terms, haystack: fold([item.title, item.lead, terms.join(" ")].join(" ")) };
        }));
    }
    return entries;
  };

  const formatDate = (iso) => {
    const date = new Date(iso + "T12:00:00");
    return isNaN(date) ? iso : date.toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
  };

  const show = (query, results) => {
    list.replaceChildren();
    for (const { item, terms } of results.slice(0, 100)) {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      const meta = document.createElement("p");
      meta.className = "recherche-meta";
      const time = document.createElement("time");
      time.dateTime = item.date;
      time.textContent = formatDate(item.date);
      meta.append(time);
      if (terms.length) meta.append(" · " + terms.join(", "));
      li.append(link, meta);
      if (item.lead) {
        const lead = document.createElement("p");
        lead.textContent = item.lead;
        li.append(lead);
      }
      list.append(li);
    }
    const n = results.length;
    status.textContent = n === 0
      ? `Aucun article ne correspond à « ${query} ».`
      : `${n} article${n > 1 ? "s" : ""} pour « ${query} »` + (n > 100 ? " (les 100 plus récents)." : ".");
  };

  const run = () => {
    const query = input.value.trim();
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) {
      list.replaceChildren();
      status.textContent = "Tapez un ou plusieurs mots.";
      return;
    }
    status.textContent = "Recherche…";
    load().then((all) => {
      show(query, all.filter((e) => words.every((w) => e.haystack.includes(w))));
    }).catch(() => {
      status.textContent = "L’index de recherche n’a pas pu être chargé.";
    });
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value.trim());
    history.replaceState(null, "", url);
    run();
  });
  input.addEventListener("input", () => { if (input.value.trim().length >= 3) run(); });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); } else { status.textContent = "Tapez un ou plusieurs mots."; }
})();
