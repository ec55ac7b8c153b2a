import { Stack, Text, Title } from "@mantine/core";
import type { UsageSummary } from "../api/types";
import { RowsTable } from "../components/PagedTable";
import { costColumns } from "./UsageTable";
import { spendPerKey, spendPerModel, thisMonth, today, type KeySpend, type ModelSpend } from "./spend";

/** The tenant's budgets, then spend per API key (with each key's budgets) and per model, from `/v1/usage?group_by=api_key,model`. */
export function SpendTables({ usage }: { usage: UsageSummary }) {
  const budgets = usage.budgets;
  const groups = usage.groups ?? [];
  return (
    <Stack>
      <Title order={4}>Budgets</Title>
      <Text data-testid="tenant-budget">
        Tenant today: {today(budgets)} · this month: {thisMonth(budgets)}
        {budgets.user_daily_budget_usd !== undefined && ` · each end user: $${budgets.user_daily_budget_usd.toFixed(2)} a day`}
      </Text>
      <Title order={4}>Per API key</Title>
      <RowsTable<KeySpend>
        rows={spendPerKey(groups, budgets.api_keys)}
        rowKey={(k) => k.id ?? ""}
        testId="spend-per-key"
        minWidth={900}
        columns={[
          { header: "Key", cell: (k) => (k.budget?.revoked ? `${k.name} (revoked)` : k.name) },
          { header: "Requests", cell: (k) => k.requests },
          ...costColumns<KeySpend>(),
          { header: "Today / daily budget", cell: (k) => (k.budget ? today(k.budget) : "—") },
          { header: "This month / monthly budget", cell: (k) => (k.budget ? thisMonth(k.budget) : "—") },
        ]}
      />
      <Title order={4}>Per model</Title>
      <RowsTable<ModelSpend>
        rows={spendPerModel(groups)}
        rowKey={(m) => m.model}
        testId="spend-per-model"
        columns={[{ header: "Model", cell: (m) => m.model }, { header: "Requests", cell: (m) => m.requests }, ...costColumns<ModelSpend>()]}
      />
    </Stack>
  );
}
