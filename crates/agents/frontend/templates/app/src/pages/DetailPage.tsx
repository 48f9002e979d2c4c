// One row: its values, the state transitions the user may take, edit and
// delete (with confirmation), and the rows that belong to it.

import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";

import { allowed } from "../access";
import { describe } from "../api/http";
import { useSession } from "../auth/session";
import { entity } from "../entities";
import type { AnyEntity, Row } from "../entities/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Alert, ErrorState, Loading } from "../ui/states";
import { useLoad } from "../ui/useLoad";
import { Value } from "../ui/Value";
import { ChildList } from "./ListPage";

export function title(config: AnyEntity, row: Row): string {
  const value = config.titleField ? (row as unknown as Record<string, unknown>)[config.titleField] : null;
  return value ? String(value) : `${config.label} ${row.id.slice(0, 8)}`;
}

export function DetailPage({ config }: { config: AnyEntity }) {
  const { id = "" } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  const get = config.api.get;
  const { data: row, error, loading, reload } = useLoad<Row>(
    () => (get ? get(id) : Promise.reject(new Error("not offered"))),
    `${config.key}:${id}`,
  );
  const [current, setCurrent] = useState<Row | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  if (loading && !row) return <Loading label={`Loading the ${config.words}…`} />;
  if (error || !row) return <ErrorState error={error} onRetry={reload} />;
  const shown = current && current.id === row.id ? current : row;
  const values = shown as unknown as Record<string, unknown>;

  const state = config.stateField ? String(values[config.stateField] ?? "") : null;
  const transitions = config.transitions.filter(
    (t) => state !== null && t.from.includes(state) && allowed(t.by, user, shown),
  );
  const canEdit = Boolean(config.api.update) && allowed(config.access.update, user, shown);
  const canDelete = Boolean(config.api.remove) && allowed(config.access.delete, user, shown);
  const parent = config.parent ? entity(config.parent.key) : undefined;
  const parentId = config.parent ? values[config.parent.column] : undefined;

  const run = async (name: string, action: () => Promise<Row | void>) => {
    setBusy(name);
    setActionError(null);
    try {
      const next = await action();
      if (next) setCurrent(next);
    } catch (e) {
      setActionError(describe(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!config.api.remove) return;
    setBusy("delete");
    setActionError(null);
    try {
      await config.api.remove(shown.id);
      navigate(parent && parentId ? `/${parent.path}/${String(parentId)}` : `/${config.path}`, { replace: true });
    } catch (e) {
      setConfirming(false);
      setActionError(describe(e));
      setBusy(null);
    }
  };

  return (
    <article>
      <nav className="crumbs" aria-label="Breadcrumb">
        {parent && parentId ? (
          <Link to={`/${parent.path}/${String(parentId)}`}>← Back to the {parent.words}</Link>
        ) : (
          <Link to={`/${config.path}`}>← All {config.pluralWords}</Link>
        )}
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{config.label}</p>
          <h1>
            {title(config, shown)}{" "}
            {state && <span className={`badge badge-${state}`}>{state.replace(/_/g, " ")}</span>}
          </h1>
        </div>
        <div className="actions">
          {transitions.map((t) => (
            <button
              key={t.name}
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => void run(t.name, () => t.run(shown.id))}
            >
              {busy === t.name ? `${t.label}…` : t.label}
            </button>
          ))}
          {canEdit && (
            <Link className="button" to={`/${config.path}/${shown.id}/edit`}>
              Edit
            </Link>
          )}
          {canDelete && (
            <button type="button" className="button danger" disabled={busy !== null} onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {actionError && <Alert>{actionError}</Alert>}
      <div className="panel">
        <dl className="details">
          {config.details.map((c) => (
            <div key={c.name} className={c.kind === "text" || c.kind === "json" || c.image ? "wide" : undefined}>
              <dt>{c.label}</dt>
              <dd>
                <Value column={c} value={values[c.name]} />
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {config.children.map((child) => {
        const childConfig = entity(child.key);
        return childConfig && childConfig.api.list && allowed(childConfig.access.read, user) ? (
          <ChildList key={child.key} config={childConfig} scope={{ [child.column]: shown.id }} />
        ) : null;
      })}
      {confirming && (
        <ConfirmDialog
          title={`Delete this ${config.words}?`}
          message={`“${title(config, shown)}” will be deleted for good.`}
          confirmLabel="Delete"
          busy={busy === "delete"}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void remove()}
        />
      )}
    </article>
  );
}
