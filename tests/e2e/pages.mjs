// The section's main pages in a real browser at one viewport width: nothing wider than the
// screen, no request to another site, axe with no violation of any impact, and a full-page
// screenshot of each. usage: node pages.mjs TOOLS_DIR WIDTH SCREENSHOT_DIR NAME=URL...
// Prints one JSON line: {"pages":[{"name","scrollWidth","violations":[…],"elsewhere":[…]}]}.
import { join } from "node:path";
import { runInChromium } from "./chromium.mjs";

const [tools, width, shots, ...named] = process.argv.slice(2);
const viewport = Number(width);

await runInChromium(tools, async (page, require) => {
  const axePath = require.resolve("axe-core/axe.min.js");
  const pages = [];
  let elsewhere = [];
  await page.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.hostname === "127.0.0.1" || !target.protocol.startsWith("http")) return route.continue();
    elsewhere.push(target.href);
    return route.abort();
  });
  await page.setViewportSize({ width: viewport, height: 900 });
  for (const item of named) {
    const [name, url] = item.split(/=(.*)/s);
    elsewhere = [];
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(async () => {
      await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: join(shots, `${name}-${viewport}.png`), fullPage: true });
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] } }));
    const violations = results.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes[0]?.target})`);
    pages.push({ name, scrollWidth, violations, elsewhere: [...elsewhere] });
  }
  console.log(JSON.stringify({ pages }));
  return true;
});
