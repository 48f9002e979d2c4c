// Showing values to people: humanised names, dates, money.

import type { ColumnSpec } from "./entities/types";

/** `in_review` → `In review`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Digits after the decimal point of a currency (ISO 4217). */
const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"]);

export function currencyDigits(currency?: string): number {
  return currency && ZERO_DECIMAL.has(currency) ? 0 : 2;
}

export function formatMoney(minor: number, currency = "USD"): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

export function formatDate(value: string): string {
  const d = new Date(`${value}T00:00:00`);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });
}

/** A time of day as people write it: `18:30`, seconds only when set. */
export function formatTime(value: string): string {
  return /^\d{2}:\d{2}:00$/.test(value) ? value.slice(0, 5) : value;
}

export function formatDateTime(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleString("en-US", {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
      });
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A value as plain text, or `null` when there is none. */
export function formatValue(column: ColumnSpec, value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue({ ...column }, v)).join(", ") : null;
  switch (column.kind) {
    case "boolean":
      return value ? "Yes" : "No";
    case "enum":
      return humanize(String(value));
    case "money":
      return formatMoney(Number(value), column.currency);
    case "date":
      return formatDate(String(value));
    case "datetime":
      return formatDateTime(String(value));
    case "time":
      return formatTime(String(value));
    case "integer":
      return new Intl.NumberFormat("en-US").format(Number(value));
    case "json":
      return JSON.stringify(value);
    case "reference":
    case "uuid":
    case "file":
      return shortId(String(value));
    default:
      return String(value);
  }
}
