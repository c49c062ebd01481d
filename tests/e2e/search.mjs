// End-to-end: the search page, in a real headless Chromium, finds articles whatever the accents
// and case of the query ("reseaux" finds "réseaux", "ROBOTIQUE" finds "Robotique").
//
// usage: node search.mjs TOOLS_DIR SEARCH_PAGE_URL
import { runInChromium } from "./chromium.mjs";

const [tools, url] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  const results = async (query) => {
    await page.goto(`${url}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    await page.waitForFunction(() => !/Recherche…|Tapez/.test(document.getElementById("recherche-etat").textContent),
      null, { timeout: 20000 });
    return page.$$eval("#recherche-resultats a", (links) => links.map((a) => a.textContent));
  };
  const checks = [
    ["reseaux", ["L’usine du futur\u00a0: où en est-on\u202f?", "Un article ancien sur les réseaux"]],
    ["ROBOTIQUE", ["L’usine du futur\u00a0: où en est-on\u202f?", "Les robots arrivent à Nantes"]],
    ["chimie verte", ["La chimie verte accélère"]],
    ["programmée", []],
  ];
  for (const [query, expected] of checks) {
    const found = await results(query);
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      throw new Error(`"${query}" found ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
    }
  }
  console.log("OK: search results are accent- and case-insensitive");
  return true;
});
