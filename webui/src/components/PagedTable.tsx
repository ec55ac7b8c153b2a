import type { Key, ReactNode } from "react";
import { Table } from "@mantine/core";
import { Pager, QueryView } from "./common";
import { PAGE, type Paged } from "./usePaged";

export interface Column<T> {
  /** Left out for a column of buttons, which needs no heading. */
  header?: ReactNode;
  cell: (row: T) => ReactNode;
}

/** `false` in place of a column drops it, for columns only some roles or views see. */
export type Columns<T> = (Column<T> | false)[];

export interface RowsTableProps<T> {
  rows: T[];
  columns: Columns<T>;
  rowKey: (row: T) => Key;
  /** Below this width the table scrolls sideways instead of squeezing its cells; without it the table does not scroll. */
  minWidth?: number;
  testId?: string;
}

/** A striped table: one heading per column, one row per item. */
export function RowsTable<T>({ rows, columns, rowKey, minWidth, testId }: RowsTableProps<T>) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const table = (
    <Table striped data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {shown.map((c, i) => (
            <Table.Th key={i}>{c.header}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {shown.map((c, i) => (
              <Table.Td key={i}>{c.cell(row)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}

/**
 * One page of a list endpoint as a table with its pager, and the loading, error and empty states.
 * Only the first page can be empty: a later empty page still shows the pager to step back.
 */
export function PagedTable<T>({ paged, label, ...table }: { paged: Paged<T>; label: string } & Omit<RowsTableProps<T>, "rows">) {
  const { query, offset, setOffset } = paged;
  return (
    <QueryView query={query} label={label} isEmpty={(d) => d.data.length === 0 && offset === 0}>
      {(d) => (
        <>
          <RowsTable rows={d.data} {...table} />
          <Pager offset={offset} limit={PAGE} count={d.data.length} hasMore={d.has_more} onChange={setOffset} />
        </>
      )}
    </QueryView>
  );
}
