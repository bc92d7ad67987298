import type { CountTable } from "~/modules/activity/queries.server";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";

/** One count of initiatives (by status, target group…), as a table with a bar beside each count. */
export function CountTableView({ table, total, csvHref }: { table: CountTable; total: number; csvHref: string }) {
  const max = Math.max(1, ...table.rows.map((r) => r.count));
  const headingId = `table-${table.id}`;
  return (
    <section aria-labelledby={headingId} className="space-y-2 border border-slate-300 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id={headingId} className="text-xl font-bold">
          {table.title}
        </h2>
        <a href={csvHref} className="text-brand-700 underline" download aria-label={`Download ${table.title.toLowerCase()} as CSV`}>
          CSV
        </a>
      </div>
      {table.note ? <p className="text-sm text-slate-700">{table.note}</p> : null}
      <Table background={false} size="base" density="inline">
        <TableHead>
          <ColumnHeader>{table.title}</ColumnHeader>
          <ColumnHeader numeric>Initiatives</ColumnHeader>
          <ColumnHeader className="w-2/5">
            <span className="sr-only">Chart</span>
          </ColumnHeader>
        </TableHead>
        <tbody>
          {table.rows.map((row) => (
            <TableRow key={row.key}>
              <RowHeader>{row.label}</RowHeader>
              <Cell numeric>
                {row.count}
                <span className="sr-only"> of {total}</span>
              </Cell>
              <Cell aria-hidden="true">
                <span className="block h-4 bg-brand-700" style={{ width: `${(row.count / max) * 100}%` }} />
              </Cell>
            </TableRow>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
