// Drives the gateway's /playground in headless Chromium (Debian's chromium, via playwright-core):
// types a prompt, submits it, and waits for the streamed answer; embeds a sentence if it can. Prints one JSON line with what it
// saw and exits 0 when the text arrived streamed; 1 otherwise. Usage:
//   node playground.test.mjs <gateway base url> <screenshot.png> <prompt> <expected answer>
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, screenshot, prompt, expected] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "atelier-chromium-"));
// A fresh profile folder each run (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let result = { ok: false };
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on("pageerror", e => consoleErrors.push(String(e)));
  await page.goto(base + "/playground");
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  await page.fill("#text-prompt", prompt);
  await page.click("#text-submit");
  // The first chunk shows before the last one is generated: the text really streams in.
  await page.waitForFunction(() => Number(document.getElementById("text-output").dataset.chunks) > 0, null, { timeout: 15000 });
  const early = await page.textContent("#text-output");
  await page.waitForFunction(() => document.getElementById("text-output").dataset.done === "true", null, { timeout: 30000 });
  const text = await page.textContent("#text-output");
  const chunks = Number(await page.getAttribute("#text-output", "data-chunks"));
  // Embeddings, when the gateway serves an embedding model: a real vector comes back.
  let embed = null;
  if (await page.locator("#embed-model option").count() > 0) {
    await page.fill("#embed-input", "a cat sits on the mat");
    await page.click("#embed-submit");
    await page.waitForFunction(() => document.getElementById("embed-output").textContent.length > 0
      || document.getElementById("embed-error").textContent.length > 0, null, { timeout: 30000 });
    embed = { output: await page.textContent("#embed-output"), error: await page.textContent("#embed-error") };
  }
  const imageError = await page.textContent("#image-error");
  const textError = await page.textContent("#text-error");
  await page.screenshot({ path: screenshot, fullPage: true });
  result = { ok: text === expected && chunks > 1 && early.length < expected.length && !textError,
    text, early, chunks, textError, imageError, embed, consoleErrors };
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
