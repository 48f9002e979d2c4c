import { describe, expect, it } from "vitest";

import { allowed } from "../../src/access";
import type { Rule } from "../../src/entities/types";

const alice = { id: "a", roles: [] as string[] };
const admin = { id: "b", roles: ["admin"] };
const ownerOrAdmin: Rule = [{ term: "owner" }, { term: "role", role: "admin" }];

describe("allowed", () => {
  it("lets anyone through a public rule", () => {
    expect(allowed([{ term: "public" }], null)).toBe(true);
  });

  it("asks for a signed-in user", () => {
    expect(allowed([{ term: "signed_in" }], null)).toBe(false);
    expect(allowed([{ term: "signed_in" }], alice)).toBe(true);
  });

  it("checks ownership against the row", () => {
    expect(allowed(ownerOrAdmin, alice, { owner_id: "a" })).toBe(true);
    expect(allowed(ownerOrAdmin, alice, { owner_id: "z" })).toBe(false);
    expect(allowed(ownerOrAdmin, admin, { owner_id: "z" })).toBe(true);
    expect(allowed(ownerOrAdmin, null, { owner_id: "a" })).toBe(false);
  });

  it("checks a user reference the rule names against the row", () => {
    const theAssignee: Rule = [{ term: "referenced_user", column: "assignee_id" }];
    const row = { owner_id: "z", assignee_id: "a" };
    expect(allowed(theAssignee, alice, row)).toBe(true);
    expect(allowed(theAssignee, admin, row)).toBe(false);
    expect(allowed(theAssignee, null, row)).toBe(false);
    // Without a row, some row may name the user.
    expect(allowed(theAssignee, alice)).toBe(true);
  });

  it("denies everyone an empty rule", () => {
    expect(allowed([], admin)).toBe(false);
  });
});
