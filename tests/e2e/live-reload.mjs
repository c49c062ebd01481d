// End-to-end: a real headless Chromium opens an article served by `gen serve --watch`, the
// article's Markdown is edited, and the page shows the new text by itself (live reload), with no
// navigation done by this script after the first one.
//
// usage: node live-reload.mjs TOOLS_DIR PAGE_URL MARKDOWN_FILE OLD_TEXT NEW_TEXT
import { readFileSync, writeFileSync } from "node:fs";
import { runInChromium } from "./chromium.mjs";

const [tools, url, file, oldText, newText] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  const requests = [];
  page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) requests.push(frame.url()); });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction((text) => document.body.innerText.includes(text), oldText, { timeout: 20000 });
  // Wait until the live-reload connection is up before editing.
  await page.waitForFunction(() => Boolean(window.__genLive), null, { timeout: 20000 });
  const source = readFileSync(file, "utf8");
  if (!source.includes(oldText)) throw new Error(`${file} does not contain ${oldText}`);
  writeFileSync(file, source.replace(oldText, newText));
  await page.waitForFunction((text) => document.body.innerText.includes(text), newText, { timeout: 20000 });
  console.log(`OK: the page showed the edit by itself (the test navigated once; ` +
    `the page reloaded itself ${requests.length - 1} time(s))`);
  return true;
});
