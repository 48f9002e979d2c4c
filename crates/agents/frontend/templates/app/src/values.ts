// Form values (what inputs hold: text, a checkbox, a chosen file) to and
// from the JSON bodies of the contract.

import type { FieldSpec } from "./entities/types";
import { currencyDigits } from "./format";
import type { FormValues } from "./validate";

/** The form's starting values: a row's values, or defaults for a new one. */
export function initialValues(
  fields: readonly FieldSpec[],
  row: Record<string, unknown> | null,
  preset: Record<string, string> = {},
): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = row ? row[field.name] : (preset[field.name] ?? field.default);
    values[field.name] = toInput(field, value);
  }
  return values;
}

function toInput(field: FieldSpec, value: unknown): string | boolean | null {
  if (field.kind === "boolean") return value === true || value === "true";
  if (value === null || value === undefined) return "";
  if (field.list && Array.isArray(value)) return value.join("\n");
  if (field.kind === "money") {
    const digits = currencyDigits(field.currency);
    return (Number(value) / 10 ** digits).toFixed(digits);
  }
  if (field.kind === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

function fromInput(field: FieldSpec, value: string): unknown {
  const text = value.trim();
  if (field.list) return text.split("\n").map((s) => s.trim()).filter(Boolean);
  switch (field.kind) {
    case "integer":
      return Number.parseInt(text, 10);
    case "money":
      return Math.round(Number(text) * 10 ** currencyDigits(field.currency));
    case "json":
      return JSON.parse(text) as unknown;
    case "string":
    case "text":
    case "password":
      return value;
    default:
      return text;
  }
}

/**
 * The request body. On create, empty optional fields are left out (they take
 * their default); on update only changed fields are sent, and a cleared one
 * as `null`. Files must already be uploaded: `uploaded` maps field → id.
 */
export function toBody(
  fields: readonly FieldSpec[],
  values: FormValues,
  initial: FormValues,
  creating: boolean,
  uploaded: Record<string, string> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (creating ? !field.create : !field.update) continue;
    const value = values[field.name] ?? null;
    if (field.kind === "file") {
      if (uploaded[field.name]) body[field.name] = uploaded[field.name];
      else if (!creating && value === "" && initial[field.name] !== "") body[field.name] = null;
      continue;
    }
    if (!creating && value === initial[field.name]) continue;
    if (typeof value === "boolean") {
      body[field.name] = value;
    } else if (value === null || (typeof value === "string" && value.trim() === "")) {
      if (!creating) body[field.name] = field.list ? [] : null;
    } else if (typeof value === "string") {
      body[field.name] = fromInput(field, value);
    }
  }
  return body;
}
