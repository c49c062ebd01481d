// An article with shortcodes in a real browser, at one viewport width: nothing wider than the
// screen (a raw 560 px iframe included), no request to another site before the reader clicks a
// video, then the player in its place at 16:9 and full width; axe on the page; screenshots
// before and after the click.
// usage: node shortcodes.mjs TOOLS_DIR URL WIDTH SCREENSHOT_DIR   (prints one JSON line)
import { join } from "node:path";
import { runInChromium } from "./chromium.mjs";

const [tools, url, width, shots] = process.argv.slice(2);
const viewport = Number(width);

await runInChromium(tools, async (page, require) => {
  const own = new URL(url).origin;
  const elsewhere = [];
  // Nothing leaves the machine: requests to other sites are noted and refused.
  await page.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.origin === own || !target.protocol.startsWith("http")) return route.continue();
    elsewhere.push(target.href);
    return route.abort();
  });
  await page.setViewportSize({ width: viewport, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(async () => {
    for (const img of document.images) img.scrollIntoView();
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(200);
  const before = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    frames: [...document.querySelectorAll("iframe")].map((f) => f.getAttribute("src")),
    buttons: [...document.querySelectorAll("figure.video button.video-lancer")].map((b) => b.textContent.trim()),
    links: document.querySelectorAll("figure.video a.video-lancer").length,
    rawFrame: (() => {
      const frame = document.querySelector(".corps > iframe");
      const box = frame.getBoundingClientRect();
      return { left: box.left, right: box.right, width: box.width };
    })(),
    boxes: ["aside.encadre", "p.chiffre", "figure.citation", "p.document"].map((s) => {
      const box = document.querySelector(s).getBoundingClientRect();
      return { selector: s, right: box.right };
    }),
  }));
  const requestsBefore = [...elsewhere];
  await page.screenshot({ path: join(shots, `shortcodes-${viewport}.png`), fullPage: true });

  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const axe = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] } }));
  const violations = axe.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(" ")})`);

  // The reader clicks the first video: its player takes the facade's place.
  const button = page.locator("figure.video button.video-lancer").first();
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const player = page.locator("figure.video .video-cadre iframe").first();
  await player.waitFor({ state: "attached" });
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => {
    const frame = document.querySelector("figure.video .video-cadre iframe");
    const box = frame.getBoundingClientRect();
    const cadre = frame.closest("figure.video").getBoundingClientRect();
    return {
      src: frame.getAttribute("src"),
      title: frame.getAttribute("title"),
      width: box.width,
      height: box.height,
      figureWidth: cadre.width,
      focused: document.activeElement === frame,
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
  await page.screenshot({ path: join(shots, `shortcodes-${viewport}-lecture.png`), fullPage: false });
  console.log(JSON.stringify({ viewport, before, requestsBefore, violations, after, requestsAfter: elsewhere }));
  return true;
});
