// Accessibility: axe-core in a real headless Chromium on pages served by `gen serve` (so the
// theme's stylesheets apply and colour contrast is really measured). Fails on serious or
// critical violations. usage: node a11y.mjs TOOLS_DIR URL...
// With A11Y_WIDTH set (e.g. 390, a phone), pages are checked at that width too, and a page
// wider than the screen (something forcing a horizontal scroll) fails.
import { runInChromium } from "./chromium.mjs";

const [tools, ...urls] = process.argv.slice(2);

await runInChromium(tools, async (page, require) => {
  const axePath = require.resolve("axe-core/axe.min.js");
  let serious = 0;
  const width = Number(process.env.A11Y_WIDTH || 0);
  if (width) await page.setViewportSize({ width, height: 844 });
  for (const url of urls) {
    await page.goto(url, { waitUntil: "load" });
    if (width) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > width) {
        serious++;
        console.log(`FAIL ${url}: the page is ${wide} px wide on a ${width} px screen`);
      }
    }
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
