// The comment form without JavaScript: after a post the service sends the reader back to the
// article at `#merci`, and the thank-you message is shown there (and only there), with the form
// usable at phone width. usage: node comment-form.mjs TOOLS_DIR ARTICLE_URL
import { runInChromium } from "./chromium.mjs";

const [tools, url] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url, { waitUntil: "load" });
  const shown = () => page.evaluate(() => {
    const merci = document.getElementById("merci");
    return merci ? getComputedStyle(merci).display !== "none" : null;
  });
  if ((await shown()) !== false) {
    console.log("FAIL: the thank-you message is missing or shown before any post");
    return false;
  }
  for (const field of ["name", "email", "text"]) {
    const labelled = await page.evaluate((name) => {
      const input = document.querySelector(`form.formulaire-commentaire [name="${name}"]`);
      return !!input && input.required && input.labels.length === 1 && input.offsetWidth > 200;
    }, field);
    if (!labelled) {
      console.log(`FAIL: the field ${field} is missing, optional, unlabelled or too narrow`);
      return false;
    }
  }
  await page.goto(`${url}#merci`, { waitUntil: "load" });
  if ((await shown()) !== true) {
    console.log("FAIL: the thank-you message is hidden at #merci");
    return false;
  }
  const text = await page.evaluate(() => document.getElementById("merci").textContent);
  console.log(`OK: ${text}`);
  return true;
});
