import { useState } from "react";
import { Badge, Button, Code, Group, Modal, Select, Stack, TextInput, Title } from "@mantine/core";
import { useSearchParams } from "react-router";
import type { Receipt } from "../../api/types";
import { when } from "../../components/common";
import { PagedTable } from "../../components/PagedTable";
import { usePaged } from "../../components/usePaged";

export function ReceiptsPage() {
  const [params, setParams] = useSearchParams();
  const filters = { session_id: params.get("session_id") ?? undefined, tool_name: params.get("tool_name") ?? undefined, status: params.get("status") ?? undefined };
  const paged = usePaged<Receipt>(["receipts"], "/v1/execution-receipts", filters);
  const [open, setOpen] = useState<Receipt | null>(null);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    paged.setOffset(0);
  };
  return (
    <Stack>
      <Title order={3}>Execution receipts</Title>
      <Group align="end">
        <TextInput label="Session" value={filters.session_id ?? ""} onChange={(e) => set("session_id", e.currentTarget.value)} />
        <TextInput label="Tool" value={filters.tool_name ?? ""} onChange={(e) => set("tool_name", e.currentTarget.value)} />
        <Select label="Status" data={["success", "error", "timeout"]} value={filters.status ?? null} onChange={(v) => set("status", v)} clearable />
      </Group>
      <PagedTable
        paged={paged}
        label="receipts"
        minWidth={600}
        rowKey={(r) => r.id}
        columns={[
          { header: "Tool", cell: (r) => r.tool_name },
          { header: "Status", cell: (r) => <Badge color={r.status === "success" ? "teal" : "red"}>{r.status}</Badge> },
          { header: "Duration", cell: (r) => `${Math.round(r.duration_ms)} ms` },
          { header: "Session", cell: (r) => r.session_id },
          { header: "When", cell: (r) => when(r.created_at) },
          {
            cell: (r) => (
              <Button size="xs" variant="default" onClick={() => setOpen(r)} aria-label={`Receipt ${r.id}`}>
                Details
              </Button>
            ),
          },
        ]}
      />
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={`Receipt ${open?.id ?? ""}`} size="lg">
        {open && (
          <Stack gap="xs">
            <Code block>{JSON.stringify(open, null, 2)}</Code>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
