// Photos in a real browser: at the given viewport width, which variant Chromium chooses for the
// lead photo (from srcset and sizes), and whether anything moved while the page and its lazy
// images loaded (the layout shifts the browser reports, summed).
// usage: node photos.mjs TOOLS_DIR URL WIDTH   (prints one JSON line)
import { runInChromium } from "./chromium.mjs";

const [tools, url, width] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  await page.setViewportSize({ width: Number(width), height: 800 });
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shift += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(url, { waitUntil: "load" });
  // Bring every lazy image into view, then wait for all of them.
  await page.evaluate(async () => {
    for (const img of document.images) img.scrollIntoView();
    await Promise.all([...document.images].map((img) => img.decode().catch(() => {})));
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => {
    const lead = document.querySelector(".illustration img");
    const body = document.querySelector(".photo img");
    return {
      lead: lead.currentSrc,
      leadShown: lead.getBoundingClientRect().width,
      leadLoaded: lead.complete && lead.naturalWidth > 0,
      body: body.currentSrc,
      bodyLoaded: body.complete && body.naturalWidth > 0,
      shift: window.__shift,
    };
  });
  console.log(JSON.stringify(seen));
  return true;
});
