// The comment form with its script, against the real intake service: a refused post shows a
// message beside the field and keeps the text; an accepted one shows the thanks in place and
// moves the focus to it, without leaving the page. usage: node comment-js.mjs TOOLS_DIR URL
import { runInChromium } from "./chromium.mjs";

const [tools, url] = process.argv.slice(2);

await runInChromium(tools, async (page) => {
  await page.goto(url, { waitUntil: "load" });
  let navigated = 0;
  page.on("framenavigated", (frame) => { if (frame === page.mainFrame()) navigated++; });
  await page.fill("#commentaire-nom", "Lectrice Scriptée");
  await page.fill("#commentaire-email", "pas-une-adresse");
  await page.fill("#commentaire-texte", "Un texte qui ne doit pas se perdre.");
  // The browser's own check would stop an invalid email before the script: the service's
  // message is what this test is about.
  await page.evaluate(() => { document.querySelector("#commentaire-email").type = "text"; });
  await page.click("form.formulaire-commentaire button[type=submit]");
  await page.waitForSelector("#commentaire-email-erreur", { timeout: 10000 });
  const refused = await page.evaluate(() => ({
    message: document.getElementById("commentaire-email-erreur").textContent,
    invalid: document.getElementById("commentaire-email").getAttribute("aria-invalid"),
    focused: document.activeElement && document.activeElement.id,
    text: document.getElementById("commentaire-texte").value,
  }));
  if (!refused.message.includes("n’est pas valide") || refused.invalid !== "true"
      || refused.focused !== "commentaire-email" || refused.text !== "Un texte qui ne doit pas se perdre.") {
    console.log(`FAIL: refusal shown as ${JSON.stringify(refused)}`);
    return false;
  }
  // The script asked the service for a signed time token when the reader began.
  await page.waitForSelector("form.formulaire-commentaire input[name=jeton]", { state: "attached", timeout: 10000 })
    .catch(() => {});
  const token = await page.evaluate(() => {
    const input = document.querySelector("form.formulaire-commentaire input[name=jeton]");
    return input && input.value;
  });
  if (!/^[0-9]+\.[0-9a-f]{32}$/.test(token || "")) {
    console.log(`FAIL: no time token in the form (${token})`);
    return false;
  }
  await page.fill("#commentaire-email", "lectrice.scriptee@example.org");
  // A person takes longer than the service's minimum fill time (3 s).
  await page.waitForTimeout(3200);
  await page.click("form.formulaire-commentaire button[type=submit]");
  await page.waitForSelector("#merci.visible", { timeout: 10000 });
  const accepted = await page.evaluate(() => ({
    focused: document.activeElement && document.activeElement.id,
    formHidden: document.querySelector("form.formulaire-commentaire").hidden,
    errors: document.querySelectorAll(".erreur").length,
    text: document.getElementById("merci").textContent,
  }));
  if (accepted.focused !== "merci" || !accepted.formHidden || accepted.errors !== 0 || navigated !== 0) {
    console.log(`FAIL: after sending, ${JSON.stringify(accepted)}, ${navigated} navigation(s)`);
    return false;
  }
  console.log(`OK: ${accepted.text}`);
  return true;
});
