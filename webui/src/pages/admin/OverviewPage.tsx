import { useEffect, useState } from "react";
import { Anchor, Badge, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, send } from "../../api/client";
import { QueryView, when } from "../../components/common";
import { Lines } from "../../components/charts";
import { RowsTable } from "../../components/PagedTable";
import { rates, summarize, type Sample } from "../../overview/metrics";
import { apiBaseUrl } from "../../config";
import type { ClusterOverview } from "../../api/types";

const POLL_MS = 5000;
const KEEP = 60; // five minutes of samples

export function OverviewPage() {
  const cluster = useQuery({ queryKey: ["cluster"], queryFn: () => api<ClusterOverview>("/admin/v1/cluster"), refetchInterval: POLL_MS });
  const [samples, setSamples] = useState<Sample[]>([]);
  const [metricsError, setMetricsError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const scrape = async () => {
      try {
        const text = await (await send("/v1/metrics", { headers: { Accept: "text/plain" } })).text();
        if (!stopped) {
          setSamples((all) => [...all.slice(-KEEP), summarize(text, Date.now())]);
          setMetricsError(null);
        }
      } catch (e) {
        setMetricsError(e instanceof Error ? e.message : String(e));
      }
    };
    void scrape();
    const timer = setInterval(scrape, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  const points = rates(samples);

  return (
    <Stack>
      <Title order={3}>Cluster overview</Title>
      <QueryView query={cluster} label="cluster">
        {(c) => (
          <>
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <Stat label="Silos up" value={c.silos.length} />
              <Stat label="Active sessions (cluster)" value={c.active_sessions} />
              <Stat label="Grain activations" value={c.silos.reduce((a, s) => a + s.activations, 0)} />
            </SimpleGrid>
            <RowsTable
              rows={c.silos}
              minWidth={560}
              testId="silos"
              rowKey={(s) => s.address}
              columns={[
                { header: "Silo", cell: (s) => s.name },
                { header: "Address", cell: (s) => s.address },
                { header: "Status", cell: (s) => <Badge color="teal">{s.status}</Badge> },
                { header: "Started", cell: (s) => when(s.started_at) },
                { header: "Sessions", cell: (s) => s.session_activations },
              ]}
            />
          </>
        )}
      </QueryView>
      <Title order={4}>This silo, last minutes (from /v1/metrics every {POLL_MS / 1000} s)</Title>
      {metricsError && <Text c="red">Metrics unavailable: {metricsError}</Text>}
      {points.length === 0 ? (
        <Text c="dimmed">Collecting samples…</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Lines data={points} x="time" label="Requests and errors per second" series={[
            { key: "requests_per_s", name: "requests/s", color: "#1c7ed6" },
            { key: "errors_per_s", name: "5xx/s", color: "#e03131" },
          ]} />
          <Lines data={points} x="time" label="Tokens per second" series={[{ key: "tokens_per_s", name: "tokens/s", color: "#37b24d" }]} />
          <Lines data={points} x="time" label="Active sessions on this silo" series={[{ key: "active_sessions", name: "sessions", color: "#f59f00" }]} />
        </SimpleGrid>
      )}
      <Text size="sm">
        Grain-level detail: <Anchor href={`${apiBaseUrl()}/dashboard`} target="_blank" rel="noreferrer">Orleans Dashboard</Anchor> (asks for the platform token as the password).
      </Text>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
    </Paper>
  );
}
