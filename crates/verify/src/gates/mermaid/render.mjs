// Renders many Mermaid diagrams in one headless Chromium page: Mermaid is
// loaded once (the copy mermaid-cli depends on), then each diagram is
// rendered with mermaid.render(), as mermaid-cli does, without a new
// browser or page per diagram.
//
//   node render.mjs <mermaid-cli package dir> <chromium> <diagrams.json> <out dir>
//
// diagrams.json: [{"name": "0001", "source": "docs/X.md:12", "text": "..."}].
// Prints one JSON object per diagram on stdout, {"name", "ok", "error"}, and
// writes <out dir>/<name>.svg for each diagram that rendered. Exits 0 when it
// could try every diagram (whatever their outcome), 2 when it could not.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [cliDir, chromium, input, outDir] = process.argv.slice(2);
// puppeteer and mermaid are mermaid-cli's dependencies: resolve them from there.
const require = createRequire(join(cliDir, "package.json"));
const puppeteer = (await import(pathToFileURL(require.resolve("puppeteer")).href)).default;
const mermaidJs = join(require.resolve("mermaid/package.json"), "..", "dist", "mermaid.min.js");

const diagrams = JSON.parse(readFileSync(input, "utf8"));
let browser;
let page;
try {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage();
  await page.setContent("<!doctype html><html><body><div id=\"container\"></div></body></html>");
  await page.addScriptTag({ path: mermaidJs });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false }));
} catch (e) {
  console.error(`cannot start Mermaid in ${chromium}: ${e.message}`);
  if (browser) await browser.close();
  process.exit(2);
}
for (const d of diagrams) {
  let result;
  try {
    const svg = await page.evaluate(async (text, id) => {
      const container = document.getElementById("container");
      try {
        const { svg } = await window.mermaid.render(id, text, container);
        return svg;
      } finally {
        // A failed render can leave its scratch element behind.
        document.getElementById(`d${id}`)?.remove();
        container.innerHTML = "";
      }
    }, d.text, `diagram${d.name}`);
    // Mermaid draws some failures as a picture instead of throwing.
    if (svg.includes('aria-roledescription="error"')) {
      result = { name: d.name, ok: false, error: "Mermaid drew its error diagram" };
    } else if (svg.includes("Maximum text size in diagram exceeded")) {
      result = { name: d.name, ok: false, error: `longer than Mermaid's maximum text size (${d.text.length} characters)` };
    } else {
      writeFileSync(join(outDir, `${d.name}.svg`), svg);
      result = { name: d.name, ok: true };
    }
  } catch (e) {
    const message = String(e.message || e).replace(/^Error: /, "");
    result = { name: d.name, ok: false, error: message.split("\n").slice(0, 6).join("\n") };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
await browser.close();
