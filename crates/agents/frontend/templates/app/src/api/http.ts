// The one place the web app talks HTTP. Cookies carry the session
// (httpOnly: this code never sees a token); errors arrive as RFC 9457
// problem details and become an ApiError with per-field messages.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];

  constructor(status: number, title: string, detail: string, errors: FieldError[] = []) {
    super(detail || title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }

  /** Messages by field name (`title`, `tags/0` → `tags`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const field = e.field.split("/")[0] ?? e.field;
      if (!(field in out)) out[field] = e.message;
    }
    return out;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: Blob;
  contentType?: string;
  /** Sign-in, sign-up, refresh: never retried after a refresh. */
  noRefresh?: boolean;
  signal?: AbortSignal;
}

let refreshSession: (() => Promise<boolean>) | null = null;
let refreshing: Promise<boolean> | null = null;

/** How an expired access cookie is renewed (set once by the session). */
export function setRefresh(refresh: () => Promise<boolean>): void {
  refreshSession = refresh;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = opts.contentType ?? (opts.body.type || "application/octet-stream");
    body = opts.body;
  }
  return fetch(buildUrl(path, opts.query), {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: opts.signal,
  });
}

async function problem(response: Response): Promise<ApiError> {
  let data: Record<string, unknown> = {};
  try {
    data = (await response.json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const errors = Array.isArray(data.errors)
    ? (data.errors as unknown[]).filter(
        (e): e is FieldError =>
          typeof e === "object" && e !== null && typeof (e as FieldError).field === "string",
      )
    : [];
  return new ApiError(
    response.status,
    typeof data.title === "string" ? data.title : response.statusText || "Request failed",
    typeof data.detail === "string" ? data.detail : "",
    errors,
  );
}

/** Sends a request; resolves with the parsed JSON (or `undefined` for 204). */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await send(method, path, opts);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "Network error", "The server could not be reached. Check your connection and try again.");
  }
  if (response.status === 401 && !opts.noRefresh && refreshSession) {
    refreshing ??= refreshSession().finally(() => {
      refreshing = null;
    });
    if (await refreshing) response = await send(method, path, opts);
  }
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) return (await response.json()) as T;
  return (await response.blob()) as T;
}

/** A human sentence for any error a page shows. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return error.detail;
      case 401:
        return "You need to sign in first.";
      case 403:
        return "You don't have permission to do that.";
      case 404:
        return "It doesn't exist, or you can't see it.";
      case 409:
        return error.detail || "That conflicts with something that already exists.";
      case 413:
        return "That file is too large.";
      case 415:
        return "That type of file isn't accepted.";
      case 429:
        return "Too many requests. Wait a moment and try again.";
      case 503:
        return "The service is temporarily unavailable. Try again shortly.";
      default:
        return error.detail || error.title;
    }
  }
  return "Something went wrong. Try again.";
}
