import { Button, Group } from "@mantine/core";
import type { UsageRow } from "../api/types";
import type { Series } from "../components/charts";
import { RowsTable, type Column } from "../components/PagedTable";
import { download, toCsv } from "./csv";

type Totals = Omit<UsageRow, "period">;

const FIELDS = ["requests", "input_tokens", "output_tokens", "cost_usd"] as const;

/** The two token series every usage chart draws. */
export const TOKEN_SERIES: Series[] = [
  { key: "input_tokens", name: "Input tokens", color: "#1c7ed6" },
  { key: "output_tokens", name: "Output tokens", color: "#37b24d" },
];

/** Rows of usage totals, after the column that says what each row is (a period, a tenant, a model), with the CSV of what is shown. */
export function UsageTable<T extends Totals>({
  rows,
  first,
  field,
  rowKey,
  file,
  testId,
}: {
  rows: T[];
  first: Column<T>;
  /** The CSV column for `first`. */
  field: keyof T & string;
  rowKey: (row: T) => string;
  file: string;
  testId: string;
}) {
  return (
    <>
      <RowsTable rows={rows} rowKey={rowKey} testId={testId} columns={[first, { header: "Requests", cell: (r) => r.requests }, ...costColumns<T>()]} />
      <Group>
        <Button variant="default" onClick={() => download(file, toCsv(rows, [field, ...FIELDS]))}>
          Download CSV
        </Button>
      </Group>
    </>
  );
}

/** Tokens and cost, the columns every usage table ends with. */
export function costColumns<T extends Omit<Totals, "requests">>(): Column<T>[] {
  return [
    { header: "Input tokens", cell: (r) => r.input_tokens },
    { header: "Output tokens", cell: (r) => r.output_tokens },
    { header: "Cost (USD)", cell: (r) => r.cost_usd.toFixed(4) },
  ];
}
