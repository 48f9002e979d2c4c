// Loading, empty and error states: every page shows one of them rather
// than a blank area.

import type { ReactNode } from "react";
import { Link } from "react-router";

import { ApiError, describe } from "../api/http";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <svg className="state-icon" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 7h16M4 12h16M4 17h10" />
      </svg>
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const title =
    status === 403 ? "Not allowed" : status === 404 ? "Not found" : status === 401 ? "Sign in needed" : "Something went wrong";
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p>{describe(error)}</p>
      <div className="actions">
        {status === 401 && (
          <Link className="button primary" to="/sign-in">
            Sign in
          </Link>
        )}
        {onRetry && status !== 403 && status !== 404 && status !== 401 && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    </div>
  );
}

/** A message above a form or a list: an error the user should read. */
export function Alert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "success" | "info" }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
