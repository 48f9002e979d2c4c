// The blueprint's access rules, evaluated for the signed-in user so the UI
// only offers what the user may do. The server is the authority: a hidden
// button is a courtesy, a refused request is the rule.

import type { Rule, Term } from "./entities/types";

export interface User {
  id: string;
  roles: readonly string[];
}

function holds(term: Term, user: User | null, row?: { owner_id?: string } | null): boolean {
  switch (term.term) {
    case "public":
      return true;
    case "signed_in":
    case "tenant_member":
      // Rows of other organizations never reach this user.
      return user !== null;
    case "owner":
      if (!user) return false;
      // Without a row (creating one), the creator becomes its owner.
      return row ? row.owner_id === user.id : true;
    case "referenced_user":
      if (!user) return false;
      // Without a row (a list, a menu), some row may name the user.
      return row ? (row as unknown as Record<string, unknown>)[term.column] === user.id : true;
    case "role":
      return user !== null && user.roles.includes(term.role);
    case "parent":
      // Depends on the parent row; offer it to signed-in users and let the
      // server decide.
      return user !== null;
  }
}

/** Whether the user may act under the rule (on the row, when given). */
export function allowed(rule: Rule, user: User | null, row?: { owner_id?: string } | null): boolean {
  return rule.some((term) => holds(term, user, row));
}
