import { useState } from "react";
import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { ListResponse, McpServer } from "../../api/types";
import { ErrorNotice, QueryView, when } from "../../components/common";
import { AddMcpServerModal, mcpServerBody, type McpServerForm } from "./AddMcpServerModal";

const KEY = ["mcp-servers"];

const HEALTH_COLORS: Record<McpServer["health"], string> = { ok: "teal", error: "red", unknown: "gray" };

const path = (id: string) => `/v1/mcp/servers/${encodeURIComponent(id)}`;

/** A tenant's MCP servers with their last tool list and health; a tenant admin adds, tests (asks for the tools now) and removes them. */
export function McpServersPage() {
  const queries = useQueryClient();
  const servers = useQuery({ queryKey: KEY, queryFn: () => api<ListResponse<McpServer>>("/v1/mcp/servers") });
  const reload = () => queries.invalidateQueries({ queryKey: KEY });
  const [adding, setAdding] = useState(false);
  // A new form each time the dialog opens, so a registered server's token is not kept in it.
  const [formKey, setFormKey] = useState(0);
  const [removing, setRemoving] = useState<McpServer | null>(null);

  const create = useMutation({
    mutationFn: (form: McpServerForm) => api<McpServer>("/v1/mcp/servers", { method: "POST", json: mcpServerBody(form) }),
    onSuccess: () => {
      setAdding(false);
      setFormKey((k) => k + 1);
      reload();
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => api<McpServer>(`${path(id)}/refresh`, { method: "POST" }),
    onSuccess: (server) => {
      queries.setQueryData<ListResponse<McpServer>>(KEY, (list) => list && { ...list, data: list.data.map((s) => (s.id === server.id ? server : s)) });
      reload();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(path(id), { method: "DELETE" }),
    onSuccess: () => {
      setRemoving(null);
      reload();
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>MCP servers</Title>
        <Button
          onClick={() => {
            create.reset();
            setAdding(true);
          }}
        >
          Add server
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Each server's allowed tools are offered in the tenant's turns as label__tool. Test asks a server for its tools now; otherwise the list is kept for a
        while and renewed when the server announces a change.
      </Text>
      <ErrorNotice error={test.error} />
      <QueryView query={servers} label="MCP servers" isEmpty={(l) => l.data.length === 0}>
        {(list) => (
          <Table.ScrollContainer minWidth={1000}>
            <Table aria-label="MCP servers" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Allowed tools</Table.Th>
                  <Table.Th>Approval</Table.Th>
                  <Table.Th>Credentials</Table.Th>
                  <Table.Th>Health</Table.Th>
                  <Table.Th>Tools</Table.Th>
                  <Table.Th>Checked</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Text fw={600}>{s.server_label}</Text>
                      <Text size="xs" c="dimmed">
                        {s.id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <code>{s.server_url}</code>
                    </Table.Td>
                    <Table.Td>{s.allowed_tools ? s.allowed_tools.join(", ") : "all"}</Table.Td>
                    <Table.Td>{approvalText(s.require_approval)}</Table.Td>
                    <Table.Td>{credentials(s)}</Table.Td>
                    <Table.Td>
                      <Badge color={HEALTH_COLORS[s.health] ?? "gray"}>{s.health}</Badge>
                      {s.health_error && (
                        <Text size="xs" c="red">
                          {s.health_error}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{s.tools ? s.tools.map((t) => t.name).join(", ") || "none" : "—"}</Table.Td>
                    <Table.Td>{when(s.checked_at)}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => test.mutate(s.id)}
                          loading={test.isPending && test.variables === s.id}
                          aria-label={`Test ${s.server_label}`}
                        >
                          Test
                        </Button>
                        <Button size="xs" color="red" variant="light" onClick={() => {
                            remove.reset();
                            setRemoving(s);
                          }}
                          aria-label={`Remove ${s.server_label}`}>
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      <AddMcpServerModal key={formKey} opened={adding} onClose={() => setAdding(false)} onSubmit={(f) => create.mutate(f)} pending={create.isPending} error={create.error} />
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={`Remove MCP server ${removing?.server_label ?? ""}`}>
        <Stack>
          <Text size="sm">Its tools leave the tenant's turns at once, and its stored credentials are deleted.</Text>
          <ErrorNotice error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing && remove.mutate(removing.id)}>
              Remove server
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** The names of the headers it sends and whether a bearer token is stored: never a value. */
function credentials(s: McpServer) {
  const names = [...s.header_names, ...(s.has_bearer_token ? ["bearer token"] : [])];
  return names.length > 0 ? names.join(", ") : "none";
}

/** A server's approval policy in words: a name as it is, the filter object as the tools it lists. */
export function approvalText(policy: McpServer["require_approval"]): string {
  if (typeof policy === "string") {
    return policy;
  }
  const parts: string[] = [];
  if (policy.always) {
    parts.push(`always: ${policy.always.tool_names.join(", ")}`);
  }
  if (policy.never) {
    parts.push(`never: ${policy.never.tool_names.join(", ")}`);
  }
  return `${parts.join("; ")}; others always`;
}
