// The end-to-end journey of this app in a real browser (playwright-core
// driving Debian's Chromium): sign up, sign in, create, list, edit, a
// refused action, delete, sign out. Every page is screenshotted at desktop
// and phone widths; console errors and failed requests are recorded.
//
//   node tests/e2e/journey.mjs --base-url http://127.0.0.1:8080 --out tests/visual/output
//
// Writes OUT/<page>-desktop.png, OUT/<page>-phone.png and OUT/results.json;
// exits non-zero when a step fails or a page logged an error.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { deflateSync } from "node:zlib";

import { chromium } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    "base-url": { type: "string", default: "http://127.0.0.1:8080" },
    out: { type: "string", default: "tests/visual/output" },
    chromium: { type: "string", default: process.env.CHROMIUM ?? "/usr/bin/chromium" },
    timeout: { type: "string", default: "15000" },
  },
});
const base = args["base-url"].replace(/\/$/, "");
const out = args.out;
const timeout = Number(args.timeout);
mkdirSync(out, { recursive: true });

const plan = JSON.parse(readFileSync(new URL("./plan.json", import.meta.url), "utf8"));
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
// The session probe of an anonymous visitor answers 401 by design.
const ALWAYS_ALLOWED = [{ status: 401, path: /\/api\/identity\/auth\/(me|refresh)$/ }];

const run = Date.now().toString(36);
const password = "correct-horse-battery-staple"; // pragma: allowlist secret
const people = [
  { name: "Ada Lovelace", email: `ada-${run}@example.com` },
  { name: "Grace Hopper", email: `grace-${run}@example.com` },
];

const results = { app: plan.app, baseUrl: base, ok: false, steps: [], pages: [], consoleErrors: [], failedRequests: [] };
let current = "start";
let allowed = [];

function isAllowed(url, status) {
  const path = new URL(url, base).pathname;
  return [...ALWAYS_ALLOWED, ...allowed].some((a) => a.status === status && (!a.path || a.path.test(path)));
}

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  // Playwright gives every launch a fresh, empty profile (--user-data-dir).
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
  ],
});
const context = await browser.newContext({
  viewport: VIEWPORTS.desktop,
  deviceScaleFactor: 1,
  locale: "en-US",
  timezoneId: "UTC",
  reducedMotion: "reduce",
});
context.setDefaultTimeout(timeout);
const page = await context.newPage();

page.on("console", (msg) => {
  if (msg.type() !== "error") return;
  const text = msg.text();
  const status = /status of (\d{3})/.exec(text);
  if (status && isAllowed(msg.location().url || base, Number(status[1]))) return;
  results.consoleErrors.push({ page: current, text, url: msg.location().url });
});
page.on("pageerror", (error) => results.consoleErrors.push({ page: current, text: String(error) }));
page.on("requestfailed", (request) => {
  const failure = request.failure()?.errorText ?? "failed";
  // A request cancelled by navigating away is not a failure of the app.
  if (failure.includes("ERR_ABORTED")) return;
  results.failedRequests.push({ page: current, url: request.url(), method: request.method(), error: failure });
});
page.on("response", (response) => {
  if (response.status() >= 400 && !isAllowed(response.url(), response.status())) {
    results.failedRequests.push({
      page: current,
      url: response.url(),
      method: response.request().method(),
      status: response.status(),
    });
  }
});

async function settle() {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.locator(".state-loading").first().waitFor({ state: "detached", timeout }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
}

/** Screenshots the page at both widths. */
async function shot(name, widths = Object.keys(VIEWPORTS)) {
  await settle();
  const entry = { name, path: new URL(page.url()).pathname };
  for (const width of widths) {
    await page.setViewportSize(VIEWPORTS[width]);
    await settle();
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = `${name}-${width}.png`;
    await page.screenshot({
      path: join(out, file),
      animations: "disabled",
      caret: "hide",
      mask: [page.locator("[data-volatile]")],
      maskColor: "#e3e6eb",
    });
    entry[width] = file;
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  results.pages.push(entry);
}

async function step(name, body, { allow = [] } = {}) {
  current = name;
  allowed = allow;
  const started = Date.now();
  try {
    await body();
    results.steps.push({ name, ok: true, millis: Date.now() - started });
  } catch (error) {
    results.steps.push({ name, ok: false, millis: Date.now() - started, error: String(error?.message ?? error) });
    await page.screenshot({ path: join(out, `failed-${name}.png`) }).catch(() => {});
    throw error;
  } finally {
    allowed = [];
  }
}

async function go(path) {
  await page.goto(base + path);
  await settle();
}

async function fill(values) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`#field-${name}`);
    const tag = await input.evaluate((el) => el.tagName.toLowerCase());
    const type = await input.getAttribute("type");
    if (type === "checkbox") {
      if (value) await input.check();
      else await input.uncheck();
    } else if (tag === "select") await input.selectOption(String(value));
    else await input.fill(String(value));
  }
}

/** A 64×40 PNG in the app's accent colour, made without any image library. */
function picture() {
  const width = 64;
  const height = 40;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3)]);
  for (let x = 0; x < width; x++) row.set([59, 91, 219], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function signUpValues(person) {
  const values = {};
  for (const [name, template] of Object.entries(plan.signUp)) {
    values[name] = template.replace("{email}", person.email).replace("{password}", password).replace("{name}", person.name);
  }
  return values;
}

async function signUp(person, screenshot) {
  await go("/sign-up");
  if (screenshot) await shot("sign-up");
  await fill(signUpValues(person));
  await page.getByRole("button", { name: "Sign up", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function signIn(person, screenshot) {
  await go("/sign-in");
  if (screenshot) await shot("sign-in");
  await fill({ email: person.email, password });
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
}

async function openMenuIfCollapsed() {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
}

let failed = null;
try {
  await step("home", async () => {
    await go("/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await shot("home");
  });
  await step("sign-up", () => signUp(people[0], true));
  await step("sign-out-after-sign-up", signOut);
  await step("sign-in", () => signIn(people[0], true));
  await step("home-signed-in", async () => {
    await go("/");
    await shot("home-signed-in");
    // The phone layout hides the navigation behind the menu button.
    await page.setViewportSize(VIEWPORTS.phone);
    await openMenuIfCollapsed();
    await shot("menu-open", ["phone"]);
    await page.setViewportSize(VIEWPORTS.desktop);
  });
  await step("lists", async () => {
    for (const list of plan.lists) {
      const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: list.label, exact: true });
      if ((await link.count()) === 0) continue;
      await go(`/${list.path}`);
      await page.getByRole("heading", { level: 1, name: list.label }).waitFor();
      await shot(`list-${list.path}`);
    }
  });

  let entity = null;
  for (const candidate of plan.candidates) {
    await go(`/${candidate.path}`);
    if (await page.getByRole("link", { name: `New ${candidate.words}`, exact: true }).first().isVisible()) {
      entity = candidate;
      break;
    }
  }
  results.entity = entity?.key ?? null;
  if (entity) {
    let id = null;
    const title = entity.titleField ? entity.create[entity.titleField] : null;
    await step("create", async () => {
      await go(`/${entity.path}/new`);
      await shot(`new-${entity.path}`);
      if (Object.keys(entity.create).length > 0) {
        // An empty form is stopped in the browser, field by field.
        await page.getByRole("button", { name: `Create ${entity.words}` }).click();
        await page.locator(".error").first().waitFor();
        await shot(`new-${entity.path}-errors`);
      }
      await fill(entity.create);
      if (entity.upload) {
        await page.locator(`#field-${entity.upload}`).setInputFiles({ name: "picture.png", mimeType: "image/png", buffer: picture() });
      }
      await page.getByRole("button", { name: `Create ${entity.words}` }).click();
      await page.waitForURL(new RegExp(`/${entity.path}/[0-9a-f-]{36}$`));
      id = page.url().split("/").pop();
      if (title) await page.getByRole("heading", { level: 1, name: title }).waitFor();
      if (entity.upload) {
        // The uploaded picture is served back and shown.
        const image = page.locator("img.thumb").first();
        await image.waitFor();
        await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle());
      }
      await shot(`detail-${entity.path}`);
    });
    await step("list", async () => {
      await go(`/${entity.path}`);
      if (title) await page.getByRole("link", { name: title }).first().waitFor();
      await shot(`list-${entity.path}-with-row`);
    });
    if (entity.edit) {
      await step("edit", async () => {
        await go(`/${entity.path}/${id}`);
        await page.getByRole("link", { name: "Edit", exact: true }).click();
        await page.locator(`#field-${entity.edit.field}`).waitFor();
        await shot(`edit-${entity.path}`);
        await fill({ [entity.edit.field]: entity.edit.value });
        await page.getByRole("button", { name: "Save changes" }).click();
        await page.getByRole("heading", { level: 1, name: entity.edit.value }).waitFor();
      });
    }
    if (entity.transition) {
      await step("transition", async () => {
        await go(`/${entity.path}/${id}`);
        const badge = page.locator("h1 .badge");
        // A stand-in server without state machines shows no state: nothing to move.
        if ((await badge.count()) === 0) return;
        const { label, to } = entity.transition;
        await page.getByRole("button", { name: label, exact: true }).click();
        await page.locator(`h1 .badge-${to}`).waitFor();
        await shot(`detail-${entity.path}-${to}`);
      });
    }
    await step("sign-out", signOut);
    if (entity.forbidden) {
      await step("sign-up-second-user", () => signUp(people[1], false));
      await step(
        "forbidden",
        async () => {
          if (entity.forbidden === "not-visible") {
            await go(`/${entity.path}/${id}`);
            await page.getByText("Not found").waitFor();
            await shot("forbidden");
            return;
          }
          await go(`/${entity.path}/${id}`);
          const action = entity.forbidden === "update" ? "Edit" : "Delete";
          if (await page.getByRole(action === "Edit" ? "link" : "button", { name: action, exact: true }).count()) {
            throw new Error(`${action} is offered to a user who may not take it`);
          }
          if (entity.forbidden === "update") {
            // Go around the hidden button: the server must still refuse.
            await go(`/${entity.path}/${id}/edit`);
            await page.getByRole("button", { name: "Save changes" }).click();
            await page.getByRole("alert").filter({ hasText: "permission" }).waitFor();
          } else {
            // Go around the hidden button: the server must still refuse.
            const status = await page.evaluate(
              async (url) => (await fetch(url, { method: "DELETE", credentials: "same-origin" })).status,
              `${entity.api}/${id}`,
            );
            if (status !== 403 && status !== 404) throw new Error(`the server answered ${status} to a forbidden delete`);
          }
          await shot("forbidden");
        },
        { allow: [{ status: 403 }, { status: 404 }] },
      );
      await step("sign-out-second-user", signOut);
      await step("sign-in-again", () => signIn(people[0], false));
    } else {
      await step("sign-in-again", () => signIn(people[0], false));
    }
    await step("delete", async () => {
      await go(`/${entity.path}/${id}`);
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("alertdialog").waitFor();
      await shot("delete-confirm");
      await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
      await page.waitForURL(new RegExp(`/${entity.path}$`));
      await settle();
      if (title && (await page.getByRole("link", { name: title, exact: true }).count())) {
        throw new Error("the deleted row is still listed");
      }
    });
  }
  await step("not-found", async () => {
    await go("/no-such-page");
    await page.getByText("Page not found").waitFor();
    await shot("not-found");
  });
  await step("sign-out-at-the-end", signOut);
} catch (error) {
  failed = error;
} finally {
  await browser.close();
}

results.ok = !failed && results.consoleErrors.length === 0 && results.failedRequests.length === 0;
writeFileSync(join(out, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
const summary = `${results.steps.filter((s) => s.ok).length}/${results.steps.length} steps, ${results.pages.length} pages, ${results.consoleErrors.length} console errors, ${results.failedRequests.length} failed requests`;
if (failed) console.error(`journey failed at ${current}: ${failed.message ?? failed}\n${summary}`);
else console.log(`journey ${results.ok ? "passed" : "had errors"}: ${summary}`);
process.exit(results.ok ? 0 : 1);
