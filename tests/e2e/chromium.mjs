// What the end-to-end scripts share: playwright-core loaded from the tools folder that
// `scripts/test` fills, Debian's Chromium started headless with a profile of its own, and the
// exit status. `runInChromium(tools, body)` calls `body(page, require)`, which returns whether
// the check passed (or throws), then closes the browser, removes the profile and exits 0 or 1.
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function runInChromium(tools, body) {
  const require = createRequire(join(tools, "package.json"));
  const { chromium } = require("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "gen-e2e-chromium-"));
  let browser;
  let passed = false;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
             "--disable-component-update", "--disable-sync"],
    });
    const page = browser.pages()[0] || await browser.newPage();
    passed = await body(page, require);
  } catch (error) {
    console.error(`FAILED: ${error.message}`);
  } finally {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.exit(passed ? 0 : 1);
}
