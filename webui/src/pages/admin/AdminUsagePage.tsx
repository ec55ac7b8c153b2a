import { useState } from "react";
import { Button, Group, Stack, Table, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { TenantUsage } from "../../api/types";
import { QueryView } from "../../components/common";
import { Bars } from "../../components/charts";
import { download, toCsv } from "../../usage/csv";

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
              series={[
                { key: "input_tokens", name: "Input tokens", color: "#1c7ed6" },
                { key: "output_tokens", name: "Output tokens", color: "#37b24d" },
              ]}
            />
            <Bars data={u.data} x="tenant_id" label="Requests per tenant" series={[{ key: "requests", name: "Requests", color: "#f59f00" }]} />
            <Table striped data-testid="admin-usage-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tenant</Table.Th>
                  <Table.Th>Requests</Table.Th>
                  <Table.Th>Input tokens</Table.Th>
                  <Table.Th>Output tokens</Table.Th>
                  <Table.Th>Cost (USD)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {u.data.map((r) => (
                  <Table.Tr key={r.tenant_id}>
                    <Table.Td>{r.tenant_id}</Table.Td>
                    <Table.Td>{r.requests}</Table.Td>
                    <Table.Td>{r.input_tokens}</Table.Td>
                    <Table.Td>{r.output_tokens}</Table.Td>
                    <Table.Td>{r.cost_usd.toFixed(4)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button variant="default" onClick={() => download("usage-by-tenant.csv", toCsv(u.data, ["tenant_id", "requests", "input_tokens", "output_tokens", "cost_usd"]))}>
                Download CSV
              </Button>
            </Group>
          </>
        )}
      </QueryView>
    </Stack>
  );
}
