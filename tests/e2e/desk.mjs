// The moderation desk in a real browser: the desk sends an anonymous visitor to the login
// page; the moderator logs in, finds the reader's comment, selects it and publishes it.
// usage: node desk.mjs TOOLS_DIR SERVICE_URL NAME PASSWORD COMMENT_TEXT
import { runInChromium } from "./chromium.mjs";

const [tools, service, name, password, text] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  await page.goto(`${service}moderation/`, { waitUntil: "load" });
  if (!page.url().endsWith("/moderation/connexion")) {
    console.log(`FAIL: an anonymous visitor reached ${page.url()}`);
    return false;
  }
  await page.fill("#nom", name);
  await page.fill("#mot-de-passe", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const queue = await page.textContent("main");
  if (!queue.includes(text)) {
    console.log(`FAIL: the comment is not in the queue:\n${queue}`);
    return false;
  }
  const box = page.locator("li.commentaire", { hasText: text }).locator("input[type=checkbox]");
  await box.check();
  await Promise.all([page.waitForNavigation(), page.click("button[value=approve]")]);
  const after = await page.textContent("main");
  if (after.includes(text)) {
    console.log(`FAIL: the comment is still waiting after publication:\n${after}`);
    return false;
  }
  console.log("OK: the moderator published the comment");
  return true;
});
