import { useState } from "react";
import { Button, Group, SegmentedControl, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { ListResponse, UsageDetail, UsageSummary } from "../../api/types";
import { QueryView } from "../../components/common";
import { Bars } from "../../components/charts";
import { download, toCsv } from "../../usage/csv";
import { byModel } from "../../usage/byModel";

export function UsagePage() {
  const [granularity, setGranularity] = useState<"day" | "month">("day");
  const summary = useQuery({
    queryKey: ["usage", granularity],
    queryFn: () =>
      api<UsageSummary>("/v1/usage", {
        query: { granularity, from: granularity === "month" ? new Date(Date.now() - 365 * 86400_000).toISOString() : undefined },
      }),
  });
  const details = useQuery({ queryKey: ["usage-details"], queryFn: () => api<ListResponse<UsageDetail>>("/v1/usage/details", { query: { limit: 500 } }) });

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
              data={s.data.map((r) => ({ ...r, period: r.period.slice(0, granularity === "day" ? 10 : 7) }))}
              x="period"
              label={`Tokens per ${granularity}`}
              series={[
                { key: "input_tokens", name: "Input tokens", color: "#1c7ed6" },
                { key: "output_tokens", name: "Output tokens", color: "#37b24d" },
              ]}
            />
            <Table data-testid="usage-table" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Period</Table.Th>
                  <Table.Th>Requests</Table.Th>
                  <Table.Th>Input tokens</Table.Th>
                  <Table.Th>Output tokens</Table.Th>
                  <Table.Th>Cost (USD)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.data.map((r) => (
                  <Table.Tr key={r.period}>
                    <Table.Td>{r.period.slice(0, granularity === "day" ? 10 : 7)}</Table.Td>
                    <Table.Td>{r.requests}</Table.Td>
                    <Table.Td>{r.input_tokens}</Table.Td>
                    <Table.Td>{r.output_tokens}</Table.Td>
                    <Table.Td>{r.cost_usd.toFixed(4)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button variant="default" onClick={() => download(`usage-${granularity}.csv`, toCsv(s.data, ["period", "requests", "input_tokens", "output_tokens", "cost_usd"]))}>
                Download CSV
              </Button>
            </Group>
          </>
        )}
      </QueryView>
      <Title order={4}>Per model</Title>
      <QueryView query={details} label="model calls" isEmpty={(d) => d.data.length === 0}>
        {(d) => (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th>Calls</Table.Th>
                <Table.Th>Input tokens</Table.Th>
                <Table.Th>Output tokens</Table.Th>
                <Table.Th>Cost (USD)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {byModel(d.data).map((m) => (
                <Table.Tr key={m.model}>
                  <Table.Td>{m.model}</Table.Td>
                  <Table.Td>{m.calls}</Table.Td>
                  <Table.Td>{m.input_tokens}</Table.Td>
                  <Table.Td>{m.output_tokens}</Table.Td>
                  <Table.Td>{m.cost_usd.toFixed(4)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
    </Stack>
  );
}
