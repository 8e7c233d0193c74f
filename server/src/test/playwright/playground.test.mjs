// Drives the gateway's /playground in headless Chromium (Debian's chromium, via playwright-core) through
// every panel, as a user would: types a prompt and waits for the streamed text; asks for an image and
// waits for it to decode; uploads a picture and waits for its caption; asks for speech and waits for the
// <audio> element to know its duration; embeds a sentence. Screenshots each panel into <screenshot dir>
// (playground-<panel>.png) and the whole page (playground.png). Prints one JSON line with what it saw
// and exits 0 when every panel answered without an error; 1 otherwise. Usage:
//   node playground.test.mjs <gateway base url> <screenshot dir> <text prompt> <image prompt> <picture.png> <speech text>
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, shots, textPrompt, imagePrompt, picture, speech] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "atelier-chromium-"));
// A fresh profile folder each run (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1200, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required"],
});
const result = { ok: false, consoleErrors: [] };
const text = (page, id) => page.textContent("#" + id);
/** Waits until the panel shows an answer or an error (the page function, given the panel, tells), and returns its error text. */
async function settle(page, panel, answeredOrFailed, timeout) {
  await page.waitForFunction(answeredOrFailed, panel, { timeout });
  return text(page, panel + "-error");
}
try {
  const page = await browser.newPage();
  page.on("pageerror", e => result.consoleErrors.push(String(e)));
  await page.goto(base + "/playground");
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  result.models = {};
  for (const panel of ["text", "image", "caption", "audio", "embed"]) {
    result.models[panel] = await page.$$eval(`#${panel}-model option`, os => os.map(o => o.value));
  }

  // Text: the first chunk shows before the last one is generated, so the text really streams in.
  // A small model on the fast engine can finish all 120 tokens between two polls of the test, so
  // the first text the page ever showed is recorded by the page itself, at the DOM change.
  await page.fill("#text-prompt", textPrompt);
  await page.evaluate(() => {
    const out = document.getElementById("text-output");
    window.firstShownText = null;
    new MutationObserver(() => {
      if (window.firstShownText === null && out.textContent.length > 0) window.firstShownText = out.textContent;
    }).observe(out, { childList: true, characterData: true, subtree: true });
  });
  await page.click("#text-submit");
  await page.waitForFunction(() => Number(document.getElementById("text-output").dataset.chunks) > 0
      || document.getElementById("text-error").textContent.length > 0, null, { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById("text-output").dataset.done === "true"
      || document.getElementById("text-error").textContent.length > 0, null, { timeout: 30000 });
  const early = await page.evaluate(() => window.firstShownText ?? "");
  result.text = { early, output: await text(page, "text-output"), error: await text(page, "text-error"),
    chunks: Number(await page.getAttribute("#text-output", "data-chunks")) };
  await page.locator("#panel-text").screenshot({ path: join(shots, "playground-text.png") });

  // Image: the <img> has decoded when its naturalWidth is known.
  await page.fill("#image-prompt", imagePrompt);
  await page.click("#image-submit");
  const imageError = await settle(page, "image", p => document.getElementById(p + "-error").textContent.length > 0
    || [...document.querySelectorAll("#image-output img")].some(i => i.complete && i.naturalWidth > 0), 30000);
  result.image = { error: imageError, naturalWidth: await page.$eval("#image-output img", i => i.naturalWidth).catch(() => 0),
    naturalHeight: await page.$eval("#image-output img", i => i.naturalHeight).catch(() => 0) };
  await page.locator("#panel-image").screenshot({ path: join(shots, "playground-image.png") });

  // Captioning: the file input gets a real PNG, as a user's file chooser would.
  await page.setInputFiles("#caption-file", picture);
  await page.click("#caption-submit");
  result.caption = { error: await settle(page, "caption", p => document.getElementById(p + "-error").textContent.length > 0
    || document.getElementById(p + "-output").textContent.length > 0, 30000),
    output: await text(page, "caption-output") };
  await page.locator("#panel-caption").screenshot({ path: join(shots, "playground-caption.png") });

  // Audio: the element's duration is known once the browser has decoded the WAV's header.
  await page.fill("#audio-prompt", speech);
  await page.click("#audio-submit");
  const audioError = await settle(page, "audio", p => document.getElementById(p + "-error").textContent.length > 0
    || [...document.querySelectorAll("#audio-output audio")].some(a => a.src && a.readyState >= 1 && isFinite(a.duration)), 30000);
  result.audio = { error: audioError,
    src: await page.$eval("#audio-output audio", a => a.src).catch(() => ""),
    duration: await page.$eval("#audio-output audio", a => a.duration).catch(() => 0) };
  await page.locator("#panel-audio").screenshot({ path: join(shots, "playground-audio.png") });

  // Embeddings: a real vector comes back.
  await page.fill("#embed-input", "a cat sits on the mat");
  await page.click("#embed-submit");
  result.embed = { error: await settle(page, "embed", p => document.getElementById(p + "-error").textContent.length > 0
    || document.getElementById(p + "-output").textContent.length > 0, 30000),
    output: await text(page, "embed-output") };
  await page.locator("#panel-embed").screenshot({ path: join(shots, "playground-embed.png") });

  await page.screenshot({ path: join(shots, "playground.png"), fullPage: true });
  result.ok = !result.text.error && !result.image.error && !result.caption.error && !result.audio.error
    && !result.embed.error && result.consoleErrors.length === 0;
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
