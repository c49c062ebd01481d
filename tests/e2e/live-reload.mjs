// End-to-end: a real headless Chromium opens an article served by `gen serve --watch`, the
// article's Markdown is edited, and the page shows the new text by itself (live reload), with no
// navigation done by this script after the first one.
//
// usage: node live-reload.mjs TOOLS_DIR PAGE_URL MARKDOWN_FILE OLD_TEXT NEW_TEXT
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [tools, url, file, oldText, newText] = process.argv.slice(2);
const require = createRequire(join(tools, "package.json"));
const { chromium } = require("playwright-core");

const profile = mkdtempSync(join(tmpdir(), "gen-e2e-chromium-"));
// A fresh profile for this run only.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = browser.pages()[0] || await browser.newPage();
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
} catch (error) {
  failed = true;
  console.error(`FAILED: ${error.message}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
