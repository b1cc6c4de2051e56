/**
 * The responsive table: scrolls sideways inside its own focusable region on a wide screen, and
 * becomes one card per row on a phone, each cell labelled by its column (data-label, see
 * `table.responsive` in styles.css). Column headers are real <th scope="col">; a column may name
 * its row (<th scope="row">).
 */
import type { ReactNode } from 'react';
import { Empty, Query } from './ui';

export interface Column<T> {
  /** The column's header, also each cell's label on a phone. */
  header: string;
  cell: (row: T, index: number) => ReactNode;
  /** A number: aligned and set as one. */
  num?: boolean;
  /** This column names the row (a row header). */
  rowHeader?: boolean;
  /** A header for screen readers only and no label on a phone (a column of buttons). */
  hiddenHeader?: boolean;
}

/** Attributes of a row: a class (e.g. is-overdue) and data-* marks. */
export type RowMarks = { className?: string } & { [data: `data-${string}`]: string | undefined };

export function DataTable<T>({ label, columns, rows, rowKey, rowMarks, empty }: { label: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T, index: number) => string | number; rowMarks?: (row: T) => RowMarks; empty?: ReactNode }) {
  if (rows.length === 0 && empty) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="responsive">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col">
                {c.hiddenHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={rowKey(r, i)} {...rowMarks?.(r)}>
              {columns.map((c) => {
                const props = { ...(c.hiddenHeader ? {} : { 'data-label': c.header }), ...(c.num ? { className: 'num' } : {}) };
                return c.rowHeader ? (
                  <th key={c.header} scope="row" {...props}>
                    {c.cell(r, i)}
                  </th>
                ) : (
                  <td key={c.header} {...props}>
                    {c.cell(r, i)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The table of a list query: loading, error and the `none` text for an empty list first. */
export function QueryTable<T>({ q, none, ...table }: { q: { isPending: boolean; error: unknown; data: T[] | undefined }; none: string } & Omit<Parameters<typeof DataTable<T>>[0], 'rows'>) {
  return (
    <Query q={q} none={none}>
      {(rows) => <DataTable {...table} rows={rows} />}
    </Query>
  );
}
