import { useState } from "react";
import { Badge, Button, Code, Group, Modal, Select, Stack, Table, TextInput, Title } from "@mantine/core";
import { useSearchParams } from "react-router";
import type { Receipt } from "../../api/types";
import { Pager, QueryView, when } from "../../components/common";
import { PAGE, usePaged } from "../../components/usePaged";

export function ReceiptsPage() {
  const [params, setParams] = useSearchParams();
  const filters = { session_id: params.get("session_id") ?? undefined, tool_name: params.get("tool_name") ?? undefined, status: params.get("status") ?? undefined };
  const { query, offset, setOffset } = usePaged<Receipt>(["receipts"], "/v1/execution-receipts", filters);
  const [open, setOpen] = useState<Receipt | null>(null);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setOffset(0);
  };
  return (
    <Stack>
      <Title order={3}>Execution receipts</Title>
      <Group align="end">
        <TextInput label="Session" value={filters.session_id ?? ""} onChange={(e) => set("session_id", e.currentTarget.value)} />
        <TextInput label="Tool" value={filters.tool_name ?? ""} onChange={(e) => set("tool_name", e.currentTarget.value)} />
        <Select label="Status" data={["success", "error", "timeout"]} value={filters.status ?? null} onChange={(v) => set("status", v)} clearable />
      </Group>
      <QueryView query={query} label="receipts" isEmpty={(d) => d.data.length === 0 && offset === 0}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={600}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Tool</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Duration</Table.Th>
                    <Table.Th>Session</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.data.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{r.tool_name}</Table.Td>
                      <Table.Td>
                        <Badge color={r.status === "success" ? "teal" : "red"}>{r.status}</Badge>
                      </Table.Td>
                      <Table.Td>{Math.round(r.duration_ms)} ms</Table.Td>
                      <Table.Td>{r.session_id}</Table.Td>
                      <Table.Td>{when(r.created_at)}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="default" onClick={() => setOpen(r)} aria-label={`Receipt ${r.id}`}>
                          Details
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager offset={offset} limit={PAGE} count={d.data.length} hasMore={d.has_more} onChange={setOffset} />
          </>
        )}
      </QueryView>
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
