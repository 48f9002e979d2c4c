// Client-side checks that mirror the contract's request schema, so people
// learn about a mistake before the round trip. The server checks again.

import type { FieldSpec } from "./entities/types";
import { currencyDigits } from "./format";

export type FormValues = Record<string, string | boolean | File | null>;
export type Errors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

function isBlank(value: FormValues[string]): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function checkNumber(field: FieldSpec, text: string): string | null {
  if (field.kind === "integer" && !/^-?\d+$/.test(text)) return "Enter a whole number.";
  if (field.kind === "money") {
    const digits = currencyDigits(field.currency);
    const pattern = digits ? new RegExp(`^-?\\d+(\\.\\d{1,${digits}})?$`) : /^-?\d+$/;
    if (!pattern.test(text)) return digits ? `Enter an amount like 12.50.` : "Enter a whole amount.";
    const minor = Math.round(Number(text) * 10 ** digits);
    if (field.minimum !== undefined && minor < field.minimum)
      return `Must be at least ${(field.minimum / 10 ** digits).toFixed(digits)}.`;
    if (field.maximum !== undefined && minor > field.maximum)
      return `Must be at most ${(field.maximum / 10 ** digits).toFixed(digits)}.`;
    return null;
  }
  if (field.kind === "decimal" && !/^-?\d+(\.\d+)?$/.test(text)) return "Enter a number.";
  const n = Number(text);
  if (field.minimum !== undefined && n < field.minimum) return `Must be at least ${field.minimum}.`;
  if (field.maximum !== undefined && n > field.maximum) return `Must be at most ${field.maximum}.`;
  return null;
}

function checkText(field: FieldSpec, text: string): string | null {
  const length = [...text].length;
  if (field.minLength !== undefined && length < field.minLength)
    return `Must be at least ${plural(field.minLength, "character")}.`;
  if (field.maxLength !== undefined && length > field.maxLength)
    return `Must be at most ${plural(field.maxLength, "character")}.`;
  if (field.pattern !== undefined && !new RegExp(field.pattern, "u").test(text))
    return "Doesn't have the expected format.";
  return null;
}

/** The problem with one field's value, or null. */
export function validateField(field: FieldSpec, value: FormValues[string], creating: boolean): string | null {
  if (isBlank(value)) {
    // A required value can be left out on update, but not cleared.
    return field.required && (creating || value === "") ? `${field.label} is required.` : null;
  }
  if (value instanceof File) {
    if (field.accept?.length && !field.accept.includes(value.type))
      return `Choose a file of type ${field.accept.join(", ")}.`;
    if (field.maxSize !== undefined && value.size > field.maxSize)
      return `The file is larger than ${Math.round(field.maxSize / 1024 / 1024)} MB.`;
    return null;
  }
  if (typeof value === "boolean") return null;
  const text = value ?? "";
  if (field.list) {
    const items = text.split("\n").map((s) => s.trim()).filter(Boolean);
    if (field.maxItems !== undefined && items.length > field.maxItems)
      return `At most ${plural(field.maxItems, "entry")}.`;
    for (const item of items) {
      const problem = checkText(field, item);
      if (problem) return `“${item}”: ${problem}`;
    }
    return null;
  }
  switch (field.kind) {
    case "integer":
    case "decimal":
    case "money":
      return checkNumber(field, text.trim());
    case "email":
      return EMAIL.test(text.trim()) ? checkText(field, text.trim()) : "Enter an email address like name@example.com.";
    case "url":
      try {
        const url = new URL(text.trim());
        if (url.protocol !== "http:" && url.protocol !== "https:") return "Enter a web address starting with https://.";
      } catch {
        return "Enter a web address starting with https://.";
      }
      return checkText(field, text.trim());
    case "uuid":
    case "reference":
      return UUID.test(text.trim()) ? null : "Enter a valid id.";
    case "date":
      return DATE.test(text) ? null : "Enter a date.";
    case "time":
      return TIME.test(text) ? null : "Enter a time like 18:30.";
    case "enum":
      return field.values?.includes(text) ? null : "Choose one of the options.";
    case "json":
      try {
        JSON.parse(text);
        return null;
      } catch {
        return "Enter valid JSON.";
      }
    default:
      return checkText(field, text);
  }
}

/** Every problem of a form, by field name. */
export function validate(fields: readonly FieldSpec[], values: FormValues, creating: boolean): Errors {
  const errors: Errors = {};
  for (const field of fields) {
    const problem = validateField(field, values[field.name] ?? null, creating);
    if (problem) errors[field.name] = problem;
  }
  return errors;
}
