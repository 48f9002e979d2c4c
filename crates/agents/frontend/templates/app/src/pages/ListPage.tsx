// A page of an entity's rows with sorting, filters, search and pagination;
// the state lives in the URL so that back, forward and links keep it.

import { useState } from "react";
import { Link, useSearchParams } from "react-router";

import { allowed } from "../access";
import { useSession } from "../auth/session";
import type { AnyEntity, Page, Row } from "../entities/types";
import { humanize } from "../format";
import { Pagination } from "../ui/Pagination";
import { Rows } from "../ui/Rows";
import { Empty, ErrorState, Loading } from "../ui/states";
import { useLoad } from "../ui/useLoad";

const PAGE_SIZE = 20;

interface ListProps {
  config: AnyEntity;
  /** Fixed equality filters (a parent's id). */
  scope?: Record<string, string>;
  /** Query-string state; a child list keeps its own instead. */
  params: URLSearchParams;
  setParams(next: URLSearchParams): void;
  compact?: boolean;
}

export function EntityList({ config, scope = {}, params, setParams, compact = false }: ListProps) {
  const { user } = useSession();
  const offset = Number(params.get("offset") ?? 0) || 0;
  const sort = params.get("sort") ?? config.defaultSort;
  const q = params.get("q") ?? "";
  const filters: Record<string, string> = {};
  for (const f of config.filters) {
    const v = params.get(f.name);
    if (v) filters[f.name] = v;
  }
  const query = { limit: PAGE_SIZE, offset, sort, q: q || undefined, ...filters, ...scope };
  const list = config.api.list;
  const { data, error, loading, reload } = useLoad<Page<Row>>(
    () => (list ? list(query) : Promise.resolve({ items: [], total: 0, limit: PAGE_SIZE, offset: 0 })),
    `${config.key}:${JSON.stringify(query)}`,
  );
  const [search, setSearch] = useState(q);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next);
  };

  const canCreate = Boolean(config.api.create) && allowed(config.access.create, user);
  const newLink = `/${config.path}/new${
    Object.keys(scope).length ? `?${new URLSearchParams(scope).toString()}` : ""
  }`;
  const filtered = q !== "" || Object.keys(filters).length > 0;

  return (
    <section className={compact ? "panel" : undefined} aria-labelledby={`${config.key}-heading`}>
      <div className="page-head">
        <div>
          {compact ? (
            <h2 id={`${config.key}-heading`}>{config.pluralLabel}</h2>
          ) : (
            <h1 id={`${config.key}-heading`}>{config.pluralLabel}</h1>
          )}
          {!compact && config.description && <p className="lead">{config.description}</p>}
        </div>
        {canCreate && (
          <Link className="button primary" to={newLink}>
            New {config.words}
          </Link>
        )}
      </div>
      {(config.filters.length > 0 || config.search || (config.sorts.length > 1 && !compact)) && (
        <div className="toolbar" role="search">
          {config.search && (
            <form
              className="search"
              onSubmit={(e) => {
                e.preventDefault();
                update({ q: search });
              }}
            >
              <label htmlFor={`${config.key}-q`} className="sr-only">
                Search {config.pluralWords}
              </label>
              <input
                id={`${config.key}-q`}
                type="search"
                placeholder={`Search ${config.pluralWords}`}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
              <button type="submit" className="button">
                Search
              </button>
            </form>
          )}
          {config.filters.map((f) => (
            <div className="control" key={f.name}>
              <label htmlFor={`${config.key}-${f.name}`}>{f.label}</label>
              <select
                id={`${config.key}-${f.name}`}
                value={filters[f.name] ?? ""}
                onChange={(e) => update({ [f.name]: e.target.value })}
              >
                <option value="">All</option>
                {f.values.map((v) => (
                  <option key={v} value={v}>
                    {f.kind === "boolean" ? (v === "true" ? "Yes" : "No") : humanize(v)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {config.sorts.length > 1 && !compact && (
            <div className="control">
              <label htmlFor={`${config.key}-sort`}>Sort by</label>
              <select id={`${config.key}-sort`} value={sort} onChange={(e) => update({ sort: e.target.value })}>
                {config.sorts.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
      {loading && !data ? (
        <Loading label={`Loading ${config.pluralWords}…`} />
      ) : error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : data && data.items.length === 0 ? (
        <Empty title={filtered ? `No ${config.pluralWords} match.` : `No ${config.pluralWords} yet.`}>
          {filtered ? (
            <button type="button" className="button" onClick={() => setParams(new URLSearchParams())}>
              Clear filters
            </button>
          ) : (
            canCreate && (
              <Link className="button primary" to={newLink}>
                Create the first {config.words}
              </Link>
            )
          )}
        </Empty>
      ) : data ? (
        <div aria-busy={loading}>
          <Rows config={config} rows={data.items} />
          <Pagination
            total={data.total}
            limit={data.limit}
            offset={data.offset}
            onChange={(o) => update({ offset: String(o) })}
          />
        </div>
      ) : null}
    </section>
  );
}

export function ListPage({ config }: { config: AnyEntity }) {
  const [params, setParams] = useSearchParams();
  return <EntityList key={config.key} config={config} params={params} setParams={setParams} />;
}

/** A child entity's rows inside its parent's page. */
export function ChildList({ config, scope }: { config: AnyEntity; scope: Record<string, string> }) {
  const [params, setParams] = useState(() => new URLSearchParams());
  return <EntityList config={config} scope={scope} params={params} setParams={setParams} compact />;
}
