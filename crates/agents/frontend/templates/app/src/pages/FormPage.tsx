// Create and edit forms. Client-side checks mirror the contract; the
// server's per-field errors show next to their fields.

import { useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { allowed } from "../access";
import { useSession } from "../auth/session";
import type { AnyEntity, FieldSpec, Row } from "../entities/types";
import { FieldInput } from "../ui/FieldInput";
import { Alert, ErrorState, Loading } from "../ui/states";
import { useForm } from "../ui/useForm";
import { useLoad } from "../ui/useLoad";
import { initialValues, toBody } from "../values";
import { title } from "./DetailPage";

export function FormPage({ config, mode }: { config: AnyEntity; mode: "create" | "edit" }) {
  const { id = "" } = useParams();
  const get = config.api.get;
  const existing = useLoad<Row | null>(
    () => (mode === "edit" && get ? get(id) : Promise.resolve(null)),
    `${config.key}:${mode}:${id}`,
  );
  if (mode === "edit" && existing.loading) return <Loading label={`Loading the ${config.words}…`} />;
  if (mode === "edit" && (existing.error || !existing.data))
    return <ErrorState error={existing.error} onRetry={existing.reload} />;
  return <EntityForm key={`${config.key}:${id}`} config={config} row={existing.data} />;
}

export function EntityForm({ config, row }: { config: AnyEntity; row: Row | null }) {
  const creating = row === null;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { user, state } = useSession();
  const fields = useMemo<FieldSpec[]>(
    () => config.fields.filter((f) => (creating ? f.create : f.update)),
    [config, creating],
  );
  const preset = useMemo(() => Object.fromEntries(params.entries()), [params]);
  const initial = useMemo(
    () => initialValues(fields, row as unknown as Record<string, unknown> | null, preset),
    [fields, row, preset],
  );
  const form = useForm(fields, initial, creating);
  // A create its author may not read back (a public sign-up form): say it
  // was received instead of opening a page that would refuse them.
  const [sent, setSent] = useState(false);

  const may = creating ? allowed(config.access.create, user) : allowed(config.access.update, user, row);
  const heading = creating ? `New ${config.words}` : `Edit ${title(config, row)}`;
  const back = creating ? `/${config.path}` : `/${config.path}/${row.id}`;

  if (sent) {
    return (
      <section className="narrow">
        <h1>Thank you</h1>
        <Alert tone="success">Your {config.words} was received.</Alert>
        <Link className="button ghost" to="/">
          Back to the start
        </Link>
      </section>
    );
  }

  return (
    <section className="narrow">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={back}>← Cancel</Link>
      </nav>
      <h1>{heading}</h1>
      {state.status !== "loading" && !may && (
        <Alert tone="info">
          {user ? `Your account may not ${creating ? "create" : "change"} this ${config.words}. Saving will be refused.` : "Sign in first."}
        </Alert>
      )}
      {form.banner && <Alert>{form.banner}</Alert>}
      <form
        className="panel form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.submit(async (values) => {
            const uploaded: Record<string, string> = {};
            for (const field of fields) {
              const value = values[field.name];
              if (field.kind === "file" && value instanceof File && config.api.upload && field.uploadField) {
                uploaded[field.name] = (await config.api.upload(field.uploadField, value)).id;
              }
            }
            const body = toBody(fields, values, initial, creating, uploaded);
            const saved = creating ? await config.api.create!(body) : await config.api.update!(row.id, body);
            if (creating && !config.creatorReads) {
              setSent(true);
              return;
            }
            navigate(`/${config.path}/${saved.id}`, { replace: !creating });
          });
        }}
      >
        {fields.length === 0 && <p className="muted">Nothing to fill in: this {config.words} needs no details.</p>}
        {fields.map((field) => (
          <FieldInput
            key={field.name}
            field={field}
            value={form.values[field.name] ?? null}
            error={form.errors[field.name]}
            creating={creating}
            onChange={(v) => form.change(field.name, v)}
            onBlur={() => form.blur(field)}
          />
        ))}
        <div className="actions end">
          <Link className="button ghost" to={back}>
            Cancel
          </Link>
          <button type="submit" className="button primary" disabled={form.busy}>
            {form.busy ? "Saving…" : creating ? `Create ${config.words}` : "Save changes"}
          </button>
        </div>
      </form>
    </section>
  );
}
