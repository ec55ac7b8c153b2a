import { useState } from "react";
import { Group, Stack, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { TenantUsage } from "../../api/types";
import { QueryView } from "../../components/common";
import { Bars } from "../../components/charts";
import { TOKEN_SERIES, UsageTable } from "../../usage/UsageTable";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function AdminUsagePage() {
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 30 * 86400_000)));
  const [to, setTo] = useState(isoDay(new Date(Date.now() + 86400_000)));
  const usage = useQuery({
    queryKey: ["admin-usage", from, to],
    queryFn: () => api<{ data: TenantUsage[] }>("/admin/v1/usage", { query: { from, to } }),
  });
  return (
    <Stack>
      <Title order={3}>Usage across tenants</Title>
      <Group align="end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <QueryView query={usage} label="usage" isEmpty={(u) => u.data.length === 0} empty="No usage in this period.">
        {(u) => (
          <>
            <Bars
              data={u.data}
              x="tenant_id"
              label="Tokens per tenant"
              series={TOKEN_SERIES}
            />
            <Bars data={u.data} x="tenant_id" label="Requests per tenant" series={[{ key: "requests", name: "Requests", color: "#f59f00" }]} />
            <UsageTable
              rows={u.data}
              first={{ header: "Tenant", cell: (r) => r.tenant_id }}
              field="tenant_id"
              rowKey={(r) => r.tenant_id}
              file="usage-by-tenant.csv"
              testId="admin-usage-table"
            />
          </>
        )}
      </QueryView>
    </Stack>
  );
}
