// Accessibility: axe-core in a real headless Chromium on pages served by `gen serve` (so the
// theme's stylesheets apply and colour contrast is really measured). Fails on serious or
// critical violations. usage: node a11y.mjs TOOLS_DIR URL...
import { runInChromium } from "./chromium.mjs";

const [tools, ...urls] = process.argv.slice(2);

await runInChromium(tools, async (page, require) => {
  const axePath = require.resolve("axe-core/axe.min.js");
  let serious = 0;
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
  return serious === 0;
});
