// One value of a row, as a list cell or a detail line.

import { Link } from "react-router";

import { entity } from "../entities";
import type { ColumnSpec } from "../entities/types";
import { formatValue } from "../format";

export function Value({ column, value }: { column: ColumnSpec; value: unknown }) {
  const text = formatValue(column, value);
  if (text === null) return <span className="muted">—</span>;
  if (column.kind === "enum") {
    return <span className={`badge badge-${String(value)}`}>{text}</span>;
  }
  if (column.kind === "reference" && column.target) {
    const target = entity(column.target);
    if (target) {
      return (
        <Link to={`/${target.path}/${String(value)}`} className="mono" data-volatile>
          {target.label} {text}
        </Link>
      );
    }
  }
  if (column.kind === "file" && column.downloadPath && column.image) {
    return <img className="thumb" src={`${column.downloadPath}/${String(value)}`} alt={column.label} loading="lazy" />;
  }
  if (column.kind === "file" && column.downloadPath) {
    return (
      <a href={`${column.downloadPath}/${String(value)}`} target="_blank" rel="noreferrer">
        View file
      </a>
    );
  }
  if (column.kind === "url") {
    return (
      <a href={String(value)} target="_blank" rel="noreferrer noopener">
        {text}
      </a>
    );
  }
  if (column.kind === "datetime" || column.kind === "uuid" || column.kind === "reference") {
    return (
      <span className={column.kind === "datetime" ? undefined : "mono"} data-volatile>
        {text}
      </span>
    );
  }
  return <span className={column.kind === "text" ? "prewrap" : undefined}>{text}</span>;
}
