// Accessibility: axe-core in a real headless Chromium on pages served by `gen serve` (so the
// theme's stylesheets apply and colour contrast is really measured). Fails on serious or
// critical violations. usage: node a11y.mjs TOOLS_DIR URL...
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [tools, ...urls] = process.argv.slice(2);
const require = createRequire(join(tools, "package.json"));
const { chromium } = require("playwright-core");
const axePath = require.resolve("axe-core/axe.min.js");

const profile = mkdtempSync(join(tmpdir(), "gen-e2e-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
let serious = 0;
try {
  const page = browser.pages()[0] || await browser.newPage();
  for (const url of urls) {
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] } }));
    for (const v of results.violations) {
      const bad = v.impact === "serious" || v.impact === "critical";
      if (bad) serious++;
      console.log(`${bad ? "FAIL" : "note"} ${url}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target})`);
    }
  }
  console.log(`${urls.length} page(s), ${serious} serious or critical violation(s)`);
} catch (error) {
  serious++;
  console.error(`FAILED: ${error.message}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(serious ? 1 : 0);
