// The input for one form field: the right control for its kind, its
// label, help and error, wired for screen readers.

import { useEffect, useState } from "react";

import { entity } from "../entities";
import type { FieldSpec } from "../entities/types";
import { humanize } from "../format";
import type { FormValues } from "../validate";

interface Props {
  field: FieldSpec;
  value: FormValues[string];
  error?: string;
  creating: boolean;
  onChange(value: FormValues[string]): void;
  onBlur(): void;
}

function ReferenceOptions({ target }: { target: string }) {
  const config = entity(target);
  const [options, setOptions] = useState<{ id: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    if (!config?.api.list) return;
    config.api
      .list({ limit: 100 })
      .then((page) => {
        if (!live) return;
        setOptions(
          page.items.map((row) => ({
            id: row.id,
            label: config.titleField ? String(row[config.titleField] ?? row.id) : row.id.slice(0, 8),
          })),
        );
      })
      .catch(() => setOptions([]));
    return () => {
      live = false;
    };
  }, [config]);
  return (
    <>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </>
  );
}

export function FieldInput({ field, value, error, creating, onChange, onBlur }: Props) {
  const id = `field-${field.name}`;
  const describedBy = [field.help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const required = field.required;
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    onBlur,
  };
  const text = typeof value === "string" ? value : "";
  const placeholder = field.example ? `e.g. ${field.example}` : undefined;
  let control;
  if (field.kind === "boolean") {
    control = (
      <label className="check" htmlFor={id}>
        <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        <span>{field.label}</span>
      </label>
    );
  } else if (field.kind === "enum") {
    control = (
      <select {...common} value={text} required={required} onChange={(e) => onChange(e.target.value)}>
        {(!required || text === "") && <option value="">{required ? "Choose…" : "None"}</option>}
        {field.values?.map((v) => (
          <option key={v} value={v}>
            {humanize(v)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "reference" && field.target && entity(field.target)?.api.list) {
    control = (
      <select {...common} value={text} required={required} onChange={(e) => onChange(e.target.value)}>
        <option value="">{required ? "Choose…" : "None"}</option>
        <ReferenceOptions target={field.target} />
      </select>
    );
  } else if (field.kind === "file") {
    control = (
      <input
        {...common}
        type="file"
        accept={field.accept?.join(",")}
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
      />
    );
  } else if (field.kind === "text" || field.kind === "json" || field.list) {
    control = (
      <textarea
        {...common}
        value={text}
        required={required}
        rows={field.kind === "text" ? 5 : 4}
        maxLength={field.list ? undefined : field.maxLength}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    const numeric = field.kind === "integer" || field.kind === "decimal" || field.kind === "money";
    const type =
      field.kind === "email"
        ? "email"
        : field.kind === "url"
          ? "url"
          : field.kind === "password"
            ? "password"
            : field.kind === "date"
              ? "date"
              : field.kind === "datetime"
                ? "datetime-local"
                : field.kind === "time"
                  ? "time"
                  : "text";
    control = (
      <div className={field.kind === "money" ? "affix" : undefined}>
        {field.kind === "money" && <span className="affix-label">{field.currency ?? "USD"}</span>}
        <input
          {...common}
          type={type}
          inputMode={numeric ? (field.kind === "integer" ? "numeric" : "decimal") : undefined}
          autoComplete={field.kind === "password" ? (creating ? "new-password" : "current-password") : field.kind === "email" ? "email" : "off"}
          value={text}
          required={required}
          maxLength={field.maxLength}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    );
  }
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      {field.kind !== "boolean" && (
        <label htmlFor={id}>
          {field.label}
          {required ? <span className="required" aria-hidden="true"> *</span> : <span className="optional"> (optional)</span>}
        </label>
      )}
      {control}
      {field.help && (
        <p className="help" id={`${id}-help`}>
          {field.help}
        </p>
      )}
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
