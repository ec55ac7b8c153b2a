import { useState } from "react";
import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { ApprovalRequest, ResponseOutput, Run, RunDetail } from "../../api/types";
import { ErrorNotice, QueryView, when } from "../../components/common";
import { PagedTable } from "../../components/PagedTable";
import { usePaged } from "../../components/usePaged";
import { SessionOwner } from "../../components/SessionOwner";
import { useMe } from "../../auth/AuthContext";
import { capabilities } from "../../auth/permissions";

const STATUS_COLORS: Record<Run["status"], string> = {
  queued: "gray",
  in_progress: "blue",
  requires_action: "orange",
  completed: "teal",
  failed: "red",
  cancelled: "yellow",
};

const isRunning = (r: Run) => r.status === "queued" || r.status === "in_progress";
/** A resumable chat stream's run (`chatcmpl-…`) is no response: the Responses API cannot cancel it. */
const isCancellable = (r: Run) => isRunning(r) && !r.id.startsWith("chatcmpl-");

/** A tenant's background responses (a user's own): status, steps, a cancel for the ones still running, and the decisions a stopped one waits for. */
export function RunsPage() {
  const can = capabilities(useMe());
  const paged = usePaged<Run>(["runs"], "/v1/runs");
  const queries = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => api(`/v1/responses/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["runs"] }),
  });
  return (
    <Stack>
      <Title order={3}>Runs</Title>
      <Text size="sm" c="dimmed">
        Background responses (<code>background: true</code>): each model answer that asks for tools and each tool result is committed as a step.
      </Text>
      <ErrorNotice error={cancel.error} />
      <PagedTable
        paged={paged}
        label="runs"
        minWidth={900}
        rowKey={(r) => r.id}
        columns={[
          { header: "Response", cell: (r) => <code>{r.id}</code> },
          { header: "Status", cell: (r) => <Badge color={STATUS_COLORS[r.status]}>{r.status}</Badge> },
          { header: "Owner", cell: (r) => <SessionOwner userId={r.user_id} /> },
          { header: "Model", cell: (r) => r.model },
          { header: "Steps", cell: (r) => r.steps },
          { header: "Created", cell: (r) => when(r.created_at) },
          { header: "Ended", cell: (r) => (r.ended_at ? when(r.ended_at) : "—") },
          {
            cell: (r) => (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="subtle" onClick={() => setOpen(r.id)} aria-label={`Details of ${r.id}`}>
                  Details
                </Button>
                {can.chat && r.status === "requires_action" && (
                  <Button size="xs" color="orange" variant="light" onClick={() => setOpen(r.id)} aria-label={`Decide ${r.id}`}>
                    Decide
                  </Button>
                )}
                {can.chat && isCancellable(r) && (
                  <Button size="xs" color="red" variant="light" onClick={() => cancel.mutate(r.id)} aria-label={`Cancel ${r.id}`}>
                    Cancel
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={open !== null} onClose={() => setOpen(null)} title="Run" size="xl">
        {open && <RunDetails id={open} />}
      </Modal>
    </Stack>
  );
}

/** A run's status and its committed steps, refreshed while it runs. */
function RunDetails({ id }: { id: string }) {
  const can = capabilities(useMe());
  const detail = useQuery({
    queryKey: ["runs", id],
    queryFn: () => api<RunDetail>(`/v1/runs/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data.run) ? 3000 : false),
  });
  return (
    <QueryView query={detail} label="run">
      {({ run, steps }) => (
        <Stack>
          <Text size="sm">
            <code>{run.id}</code> · session <code>{run.session_id}</code> · {run.status} · {run.model} · {run.events} stream events
            {run.error && ` · ${run.error}`}
          </Text>
          {run.status === "requires_action" && can.chat && <PendingApprovals run={run} />}
          {steps.length === 0 ? (
            <Text c="dimmed">No committed steps.</Text>
          ) : (
            <Table aria-label={`Steps of ${run.id}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Step</Table.Th>
                  <Table.Th>Text</Table.Th>
                  <Table.Th>Committed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {steps.map((s) => (
                  <Table.Tr key={s.seq}>
                    <Table.Td>{s.seq}</Table.Td>
                    <Table.Td>{s.tool_calls.length > 0 ? `asks for ${s.tool_calls.join(", ")}` : s.tool_name ? `${s.tool_name} result` : s.role}</Table.Td>
                    <Table.Td>{s.preview}</Table.Td>
                    <Table.Td>{when(s.created_at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </QueryView>
  );
}

type Decision = "approve" | "deny";

/**
 * The tool calls a run stopped for, each approved or denied here; the decisions go as one response continuing the run's
 * (`previous_response_id`, `mcp_approval_response` items, in the background), since the API takes them all at once.
 */
function PendingApprovals({ run }: { run: Run }) {
  const queries = useQueryClient();
  const response = useQuery({
    queryKey: ["runs", run.id, "response"],
    queryFn: () => api<ResponseOutput>(`/v1/responses/${encodeURIComponent(run.id)}`),
  });
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const send = useMutation({
    mutationFn: (requests: ApprovalRequest[]) =>
      api("/v1/responses", {
        method: "POST",
        body: JSON.stringify({
          model: run.model,
          previous_response_id: run.id,
          background: true,
          input: requests.map((r) => ({ type: "mcp_approval_response", approval_request_id: r.id, approve: decisions[r.id] === "approve" })),
        }),
      }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["runs"] }),
  });
  return (
    <QueryView query={response} label="approval requests">
      {(r) => {
        const requests = r.output.filter((o): o is ApprovalRequest => o.type === "mcp_approval_request");
        return (
          <Stack gap="xs">
            <Text fw={500}>Waiting for approval</Text>
            <Table aria-label={`Approvals of ${run.id}`}>
              <Table.Tbody>
                {requests.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <code>{a.server_label === "hermes" ? a.name : `${a.server_label} · ${a.name}`}</code>
                    </Table.Td>
                    <Table.Td>
                      <code>{a.arguments}</code>
                    </Table.Td>
                    <Table.Td>until {when(new Date(a.expires_at * 1000).toISOString())}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {(["approve", "deny"] as const).map((d) => (
                          <Button
                            key={d}
                            size="xs"
                            color={d === "approve" ? "teal" : "red"}
                            variant={decisions[a.id] === d ? "filled" : "light"}
                            aria-pressed={decisions[a.id] === d}
                            aria-label={`${d === "approve" ? "Approve" : "Deny"} ${a.name}`}
                            onClick={() => setDecisions((prev) => ({ ...prev, [a.id]: d }))}
                          >
                            {d === "approve" ? "Approve" : "Deny"}
                          </Button>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <ErrorNotice error={send.error} />
            <Group>
              <Button
                size="xs"
                disabled={requests.length === 0 || requests.some((a) => !decisions[a.id]) || send.isSuccess}
                loading={send.isPending}
                onClick={() => send.mutate(requests)}
              >
                Send decisions
              </Button>
              {send.isSuccess && <Text size="sm">Sent: the run goes on as a new background response.</Text>}
            </Group>
          </Stack>
        );
      }}
    </QueryView>
  );
}
