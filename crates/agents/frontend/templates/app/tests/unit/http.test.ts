import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError, buildUrl, describe as explain, request, setRefresh } from "../../src/api/http";

function json(status: number, body: unknown, type = "application/json"): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setRefresh(async () => false);
});

describe("buildUrl", () => {
  it("leaves out empty values and encodes the rest", () => {
    expect(buildUrl("/api/x", { a: 1, b: "", c: undefined, d: null, q: "a b&c" })).toBe("/api/x?a=1&q=a+b%26c");
    expect(buildUrl("/api/x")).toBe("/api/x");
  });
});

describe("request", () => {
  it("sends JSON with the session cookies and parses the answer", async () => {
    const fetch = vi.fn().mockResolvedValue(json(201, { id: "1" }));
    vi.stubGlobal("fetch", fetch);
    await expect(request("POST", "/api/s/things", { json: { title: "T" } })).resolves.toEqual({ id: "1" });
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("/api/s/things");
    expect(init.credentials).toBe("same-origin");
    expect(init.body).toBe('{"title":"T"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  it("turns problem details into an ApiError with field errors", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn().mockResolvedValue(
        json(
          422,
          {
            title: "Unprocessable Content",
            status: 422,
            detail: "Some fields are invalid.",
            errors: [
              { field: "title", message: "must be at least 3 characters" },
              { field: "tags/0", message: "too long" },
            ],
          },
          "application/problem+json",
        ),
      ),
    );
    const error = await request("POST", "/api/s/things", { json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(422);
    expect(e.fieldErrors()).toEqual({ title: "must be at least 3 characters", tags: "too long" });
  });

  it("renews the session once on 401 and retries", async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(json(401, { title: "Unauthorized", status: 401 }))
      .mockResolvedValueOnce(json(200, { ok: true }));
    vi.stubGlobal("fetch", fetch);
    const refresh = vi.fn().mockResolvedValue(true);
    setRefresh(refresh);
    await expect(request("GET", "/api/s/things")).resolves.toEqual({ ok: true });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("does not refresh for the session's own endpoints", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(json(401, { title: "Unauthorized", status: 401 })));
    const refresh = vi.fn().mockResolvedValue(true);
    setRefresh(refresh);
    await expect(request("POST", "/api/identity/auth/sign-in", { json: {}, noRefresh: true })).rejects.toBeInstanceOf(
      ApiError,
    );
    expect(refresh).not.toHaveBeenCalled();
  });

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const e = (await request("GET", "/api/s/things").catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(0);
    expect(explain(e)).toMatch(/could not be reached/);
  });

  it("explains a refusal in plain words", () => {
    expect(explain(new ApiError(403, "Forbidden", ""))).toBe("You don't have permission to do that.");
  });
});
