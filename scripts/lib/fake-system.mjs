// A stand-in for a generated system, for testing the web app's journey and
// the visual gate where the real services cannot run: serves web/dist (with
// the single-page fallback) and answers the API by the conventions of
// docs/generated-system.md from memory — sign-up/in/out with an httpOnly
// cookie, and generic collections where only a row's owner may change it.
//
//   node scripts/lib/fake-system.mjs WEB_DIST PORT
//
// Prints `listening on http://127.0.0.1:PORT` once ready.

import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const [dist, port = "8080"] = process.argv.slice(2);
const users = new Map(); // id → user
const sessions = new Map(); // token → user id
const tables = new Map(); // "service/collection" → Map(id → row)
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

function send(res, status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(text);
}

function problem(res, status, title, detail, errors) {
  res.writeHead(status, { "Content-Type": "application/problem+json" });
  res.end(JSON.stringify({ type: "about:blank", title, status, detail, errors }));
}

function userOf(req) {
  const cookie = /(?:^|;\s*)keel_access=([^;]+)/.exec(req.headers.cookie ?? "");
  return cookie ? users.get(sessions.get(cookie[1])) ?? null : null;
}

function startSession(res, user, status) {
  const token = randomUUID();
  sessions.set(token, user.id);
  send(res, status, { user, access_expires_at: new Date(Date.now() + 900e3).toISOString() }, {
    "Set-Cookie": `keel_access=${token}; HttpOnly; Secure; SameSite=Lax; Path=/api`,
  });
}

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString();
  return text && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(text) : {};
}

async function identity(req, res, path) {
  const user = userOf(req);
  if (req.method === "POST" && path === "/auth/sign-up") {
    const b = await body(req);
    if ([...users.values()].some((u) => u.email === b.email)) return problem(res, 409, "Conflict", "That email is taken.");
    const now = new Date().toISOString();
    const u = { id: randomUUID(), email: b.email, display_name: b.display_name, roles: [], organization_id: null, created_at: now, updated_at: now, password: b.password };
    users.set(u.id, u);
    return startSession(res, public_(u), 201);
  }
  if (req.method === "POST" && path === "/auth/sign-in") {
    const b = await body(req);
    const u = [...users.values()].find((x) => x.email === b.email && x.password === b.password);
    if (!u) return problem(res, 401, "Unauthorized", "Wrong email or password.");
    return startSession(res, public_(u), 200);
  }
  if (req.method === "POST" && path === "/auth/sign-out") {
    return send(res, 204, undefined, { "Set-Cookie": "keel_access=; Max-Age=0; Path=/api" });
  }
  if (req.method === "POST" && path === "/auth/refresh") return problem(res, 401, "Unauthorized", "No session.");
  if (req.method === "GET" && path === "/auth/me") {
    return user ? send(res, 200, public_(user)) : problem(res, 401, "Unauthorized", "Sign in first.");
  }
  return problem(res, 404, "Not Found", "");
}

function public_(u) {
  const { password: _, ...rest } = u;
  return rest;
}

const uploads = new Map(); // id → { type, bytes }

async function upload(req, res, id) {
  if (req.method === "POST" && !id) {
    if (!userOf(req)) return problem(res, 401, "Unauthorized", "Sign in first.");
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    const entry = { id: randomUUID(), content_type: req.headers["content-type"], size: bytes.length };
    uploads.set(entry.id, { type: entry.content_type, bytes });
    return send(res, 201, entry);
  }
  const file = uploads.get(id);
  if (req.method !== "GET" || !file) return problem(res, 404, "Not Found", "");
  res.writeHead(200, { "Content-Type": file.type });
  res.end(file.bytes);
}

async function collection(req, res, service, parts, query) {
  const [name, id, action] = parts;
  if (name === "uploads") return upload(req, res, id);
  const key = `${service}/${name}`;
  if (!tables.has(key)) tables.set(key, new Map());
  const rows = tables.get(key);
  const user = userOf(req);
  if (!id) {
    if (req.method === "GET") {
      const limit = Number(query.get("limit") ?? 20);
      const offset = Number(query.get("offset") ?? 0);
      let items = [...rows.values()].reverse();
      for (const [k, v] of query) {
        if (!["limit", "offset", "sort", "q"].includes(k)) items = items.filter((r) => String(r[k]) === v);
      }
      return send(res, 200, { items: items.slice(offset, offset + limit), total: items.length, limit, offset });
    }
    if (req.method === "POST") {
      if (!user) return problem(res, 401, "Unauthorized", "Sign in first.");
      const now = new Date().toISOString();
      const row = { id: randomUUID(), created_at: now, updated_at: now, owner_id: user.id, ...(await body(req)) };
      rows.set(row.id, row);
      return send(res, 201, row, { Location: `/api/${key}/${row.id}` });
    }
  }
  const row = rows.get(id);
  if (!row) return problem(res, 404, "Not Found", "");
  if (req.method === "GET" && !action) return send(res, 200, row);
  if (!user) return problem(res, 401, "Unauthorized", "Sign in first.");
  if (row.owner_id !== user.id) return problem(res, 403, "Forbidden", "You may not change this.");
  if (req.method === "PATCH") {
    Object.assign(row, await body(req), { updated_at: new Date().toISOString() });
    return send(res, 200, row);
  }
  if (req.method === "DELETE") {
    rows.delete(id);
    return send(res, 204);
  }
  return send(res, 200, row);
}

function file(res, path) {
  let target = normalize(join(dist, path));
  if (!target.startsWith(normalize(dist))) return problem(res, 404, "Not Found", "");
  try {
    if (!statSync(target).isFile()) throw new Error("dir");
  } catch {
    target = join(dist, "index.html");
  }
  res.writeHead(200, { "Content-Type": TYPES[extname(target)] ?? "application/octet-stream" });
  res.end(readFileSync(target));
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  const parts = url.pathname.split("/").filter(Boolean);
  try {
    if (parts[0] !== "api") return file(res, url.pathname);
    if (parts[1] === "identity") return await identity(req, res, url.pathname.slice("/api/identity".length));
    return await collection(req, res, parts[1], parts.slice(2), url.searchParams);
  } catch (e) {
    problem(res, 500, "Internal Server Error", String(e));
  }
}).listen(Number(port), "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
