import { useState } from "react";
import { Group, SegmentedControl, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { UsageSummary } from "../../api/types";
import { QueryView } from "../../components/common";
import { Bars } from "../../components/charts";
import { TOKEN_SERIES, UsageTable } from "../../usage/UsageTable";
import { SpendTables } from "../../usage/SpendTables";

export function UsagePage() {
  const [granularity, setGranularity] = useState<"day" | "month">("day");
  const summary = useQuery({
    queryKey: ["usage", granularity],
    queryFn: () =>
      api<UsageSummary>("/v1/usage", {
        query: { granularity, from: granularity === "month" ? new Date(Date.now() - 365 * 86400_000).toISOString() : undefined },
      }),
  });
  // A period as the chart and the table show it: the day, or the month.
  const shown = (period: string) => period.slice(0, granularity === "day" ? 10 : 7);
  // The last 30 days (the API's default range) per key and model, with the budgets of today and this month.
  const spend = useQuery({ queryKey: ["usage-spend"], queryFn: () => api<UsageSummary>("/v1/usage", { query: { group_by: "api_key,model" } }) });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Usage</Title>
        <SegmentedControl
          aria-label="Granularity"
          value={granularity}
          onChange={(v) => setGranularity(v as "day" | "month")}
          data={[
            { value: "day", label: "Daily" },
            { value: "month", label: "Monthly" },
          ]}
        />
      </Group>
      <QueryView query={summary} label="usage" isEmpty={(s) => s.data.length === 0} empty="No usage in this period yet.">
        {(s) => (
          <>
            <Bars
              data={s.data.map((r) => ({ ...r, period: shown(r.period) }))}
              x="period"
              label={`Tokens per ${granularity}`}
              series={TOKEN_SERIES}
            />
            <UsageTable
              rows={s.data}
              first={{ header: "Period", cell: (r) => shown(r.period) }}
              field="period"
              rowKey={(r) => r.period}
              file={`usage-${granularity}.csv`}
              testId="usage-table"
            />
          </>
        )}
      </QueryView>
      <Title order={3}>Spend, last 30 days</Title>
      <QueryView query={spend} label="spend">
        {(s) => <SpendTables usage={s} />}
      </QueryView>
    </Stack>
  );
}
