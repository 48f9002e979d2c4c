// @vitest-environment happy-dom
// The create form of this app's first creatable entity: client-side checks
// stop an incomplete form, the server's per-field errors show next to their
// fields, and a saved row opens its page.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, Route, Routes } from "react-router";

import { SessionProvider } from "../../src/auth/session";
import { entities } from "../../src/entities";
import type { AnyEntity, FieldSpec } from "../../src/entities/types";
import { EntityForm } from "../../src/pages/FormPage";

const ID = "3f2b8a4e-9c1d-4e5f-8a7b-6c5d4e3f2a1b";
const config: AnyEntity | undefined = entities.find(
  (e) => e.api.create && e.fields.some((f) => f.create && f.required) && !e.fields.some((f) => f.create && f.required && f.kind === "file"),
);

function sample(field: FieldSpec): string | boolean {
  switch (field.kind) {
    case "boolean":
      return true;
    case "integer":
      return String(field.minimum ?? 1);
    case "decimal":
      return String(field.minimum ?? 1);
    case "money":
      return ((field.minimum ?? 100) / 100).toFixed(2);
    case "email":
      return "someone@example.com";
    case "url":
      return "https://example.com";
    case "date":
      return "2026-01-15";
    case "datetime":
      return "2026-01-15T09:30";
    case "time":
      return "09:30";
    case "enum":
      return field.values?.[0] ?? "";
    case "reference":
    case "uuid":
      return ID;
    case "json":
      return "{}";
    default:
      // A patterned field comes with a value that matches its pattern.
      return field.example ?? "sample".padEnd(field.minLength ?? 0, "x").slice(0, field.maxLength ?? 200);
  }
}

function respond(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function mount(create: () => Response) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      if (url.includes("/auth/me")) return respond(200, { id: ID, email: "a@example.com", display_name: "Ada", roles: ["admin", "editor", "author", "seller", "member"] });
      if (init.method === "GET") return respond(200, { items: [{ id: ID, created_at: "", updated_at: "" }], total: 1, limit: 100, offset: 0 });
      posts.push(JSON.parse(String(init.body)));
      return create();
    }),
  );
  render(
    <MemoryRouter initialEntries={[`/${config!.path}/new`]}>
      <SessionProvider>
        <Routes>
          <Route path={`/${config!.path}/new`} element={<EntityForm config={config!} row={null} />} />
          <Route path={`/${config!.path}/:id`} element={<p>Saved page</p>} />
        </Routes>
      </SessionProvider>
    </MemoryRouter>,
  );
  return posts;
}

const required = () => config!.fields.filter((f) => f.create && f.required);

// A select takes only a value it offers, and a reference's options arrive
// with the target's list: wait for the option before choosing it.
async function fill() {
  for (const field of required()) {
    const value = sample(field);
    const input = () => document.getElementById(`field-${field.name}`) as HTMLInputElement;
    if (typeof value === "boolean") fireEvent.click(input());
    else {
      if (input().tagName === "SELECT") {
        await waitFor(() => expect(input().querySelector(`option[value="${value}"]`)).not.toBeNull());
      }
      fireEvent.change(input(), { target: { value } });
    }
  }
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe.skipIf(!config)(`the ${config?.words ?? "entity"} form`, () => {
  it("stops an incomplete form before it reaches the server", async () => {
    const posts = mount(() => respond(201, { id: ID }));
    fireEvent.click(await screen.findByRole("button", { name: new RegExp(`Create ${config!.words}`) }));
    for (const field of required()) {
      expect(await screen.findByText(`${field.label} is required.`)).toBeTruthy();
      expect(document.getElementById(`field-${field.name}`)?.getAttribute("aria-invalid")).toBe("true");
    }
    expect(posts).toHaveLength(0);
  });

  it("shows the server's per-field errors next to their fields", async () => {
    const first = required()[0]!;
    const posts = mount(() =>
      respond(422, { title: "Unprocessable Content", status: 422, detail: "Some fields are invalid.", errors: [{ field: first.name, message: "is already taken" }] }),
    );
    await screen.findByRole("button", { name: new RegExp(`Create ${config!.words}`) });
    await fill();
    fireEvent.click(screen.getByRole("button", { name: new RegExp(`Create ${config!.words}`) }));
    expect(await screen.findByText("is already taken")).toBeTruthy();
    expect(posts).toHaveLength(1);
  });

  it("opens the new row's page once it is saved", async () => {
    const posts = mount(() => respond(201, { id: ID, created_at: "", updated_at: "" }));
    await screen.findByRole("button", { name: new RegExp(`Create ${config!.words}`) });
    await fill();
    fireEvent.click(screen.getByRole("button", { name: new RegExp(`Create ${config!.words}`) }));
    expect(await screen.findByText("Saved page")).toBeTruthy();
    const body = posts[0] as Record<string, unknown>;
    for (const field of required()) expect(body[field.name]).not.toBeUndefined();
  });
});
