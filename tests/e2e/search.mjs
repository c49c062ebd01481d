// End-to-end: the search page, in a real headless Chromium, finds articles whatever the accents
// and case of the query ("reseaux" finds "réseaux", "ROBOTIQUE" finds "Robotique").
//
// usage: node search.mjs TOOLS_DIR SEARCH_PAGE_URL
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [tools, url] = process.argv.slice(2);
const require = createRequire(join(tools, "package.json"));
const { chromium } = require("playwright-core");

const profile = mkdtempSync(join(tmpdir(), "gen-e2e-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = browser.pages()[0] || await browser.newPage();
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
} catch (error) {
  failed = true;
  console.error(`FAILED: ${error.message}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
