// Rows of an entity: a table on wide screens that becomes a stack of cards
// on a phone (the CSS does that, using each cell's data-label).

import { Link } from "react-router";

import type { AnyEntity, Row } from "../entities/types";
import { Value } from "./Value";

export function Rows({ config, rows }: { config: AnyEntity; rows: Row[] }) {
  return (
    <div className="table-wrap">
      <table className="rows">
        <thead>
          <tr>
            {config.columns.map((c) => (
              <th key={c.name} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">Open</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {config.columns.map((c, i) => (
                <td key={c.name} data-label={c.label} className={i === 0 ? "primary-cell" : undefined}>
                  {i === 0 ? (
                    <Link to={`/${config.path}/${row.id}`}>
                      <Value column={c} value={(row as unknown as Record<string, unknown>)[c.name]} />
                    </Link>
                  ) : (
                    <Value column={c} value={(row as unknown as Record<string, unknown>)[c.name]} />
                  )}
                </td>
              ))}
              <td className="open-cell">
                <Link
                  to={`/${config.path}/${row.id}`}
                  className="button small ghost"
                  aria-label={`Open ${config.words} ${config.titleField ? String((row as unknown as Record<string, unknown>)[config.titleField] ?? "") : row.id.slice(0, 8)}`}
                >
                  Open
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
