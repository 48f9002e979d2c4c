// @vitest-environment happy-dom
// A row's page offers exactly the actions the blueprint allows the user:
// state transitions only from their states and for those their rule
// names, edit and delete only for those who may.

import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, Route, Routes } from "react-router";

import { SessionProvider } from "../../src/auth/session";
import { entities } from "../../src/entities";
import type { AnyEntity, Rule } from "../../src/entities/types";
import { DetailPage } from "../../src/pages/DetailPage";

const ME = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const ROW = "33333333-3333-4333-8333-333333333333";

const config: AnyEntity | undefined = entities.find((e) => e.stateField && e.transitions.length > 0 && e.api.get);
const transition = config?.transitions[0];

/** Roles that satisfy a rule, if roles can. */
function rolesFor(rule: Rule): string[] {
  return rule.flatMap((t) => (t.term === "role" ? [t.role] : []));
}

function mount(state: string, owner: string, roles: string[]) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
      if (url.includes("/auth/me")) return json({ id: ME, email: "a@example.com", display_name: "Ada", roles });
      if (url.includes(`/${ROW}`)) {
        return json({ id: ROW, created_at: "2026-01-15T10:00:00Z", updated_at: "2026-01-15T10:00:00Z", owner_id: owner, [config!.stateField!]: state });
      }
      return json({ items: [], total: 0, limit: 20, offset: 0 });
    }),
  );
  render(
    <MemoryRouter initialEntries={[`/${config!.path}/${ROW}`]}>
      <SessionProvider>
        <Routes>
          <Route path={`/${config!.path}/:id`} element={<DetailPage config={config!} />} />
        </Routes>
      </SessionProvider>
    </MemoryRouter>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe.skipIf(!config || !transition)(`the ${config?.words ?? "entity"} page`, () => {
  it(`offers “${transition?.label}” from ${transition?.from[0]} to whom its rule allows`, async () => {
    mount(transition!.from[0]!, ME, rolesFor(transition!.by));
    expect(await screen.findByRole("button", { name: transition!.label })).toBeTruthy();
  });

  it(`does not offer “${transition?.label}” from another state`, async () => {
    const other = config!.transitions.map((t) => t.to).find((s) => !transition!.from.includes(s));
    if (!other) return;
    mount(other, ME, rolesFor(transition!.by));
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByRole("button", { name: transition!.label })).toBeNull();
  });

  it("hides what a user without the rule's roles may not do to someone else's row", async () => {
    const open = (rule: Rule) => rule.some((t) => ["public", "signed_in", "tenant_member", "parent"].includes(t.term));
    mount(transition!.from[0]!, OTHER, []);
    await screen.findByRole("heading", { level: 1 });
    if (!open(transition!.by)) expect(screen.queryByRole("button", { name: transition!.label })).toBeNull();
    if (!open(config!.access.update)) expect(screen.queryByRole("link", { name: "Edit" })).toBeNull();
    if (!open(config!.access.delete)) expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });
});
