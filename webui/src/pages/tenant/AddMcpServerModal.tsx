import { useState } from "react";
import { ActionIcon, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import type { CreateMcpServer } from "../../api/types";
import { FormModal } from "../../components/common";

interface Header {
  name: string;
  value: string;
}

export interface McpServerForm {
  label: string;
  url: string;
  token: string;
  headers: Header[];
  tools: string;
}

export const emptyMcpServerForm: McpServerForm = { label: "", url: "", token: "", headers: [], tools: "" };

/** The POST body of a form: empty fields are left out (no token, no headers, every tool), so the API's defaults apply. */
export function mcpServerBody(form: McpServerForm): CreateMcpServer {
  const body: CreateMcpServer = { server_label: form.label.trim(), server_url: form.url.trim() };
  const headers = form.headers.filter((h) => h.name.trim() !== "");
  if (headers.length > 0) {
    body.headers = Object.fromEntries(headers.map((h) => [h.name.trim(), h.value]));
  }
  if (form.token !== "") {
    body.bearer_token = form.token;
  }
  const tools = form.tools.split(/[\s,]+/).filter((t) => t !== "");
  if (tools.length > 0) {
    body.allowed_tools = tools;
  }
  return body;
}

/** The form that registers a server; the token and header values are write-only (the API never shows them again). */
export function AddMcpServerModal({
  opened,
  onClose,
  onSubmit,
  pending,
  error,
}: {
  opened: boolean;
  onClose: () => void;
  onSubmit: (form: McpServerForm) => void;
  pending: boolean;
  error: unknown;
}) {
  const [form, setForm] = useState<McpServerForm>(emptyMcpServerForm);
  const set = (change: Partial<McpServerForm>) => setForm((f) => ({ ...f, ...change }));
  const setHeader = (i: number, change: Partial<Header>) => set({ headers: form.headers.map((h, j) => (j === i ? { ...h, ...change } : h)) });
  return (
    <FormModal opened={opened} onClose={onClose} title="Add MCP server" onSubmit={() => onSubmit(form)} pending={pending} error={error} submit="Add server">
      <TextInput
        label="Label"
        description="Letters, digits, _ or -, starting with a letter; its tools are offered as label__tool"
        value={form.label}
        onChange={(e) => set({ label: e.currentTarget.value })}
        required
      />
      <TextInput label="URL" description="The server's MCP endpoint: https, on a public address" value={form.url} onChange={(e) => set({ url: e.currentTarget.value })} required />
      <PasswordInput
        label="Bearer token"
        description="Sent as Authorization: Bearer …; stored encrypted, never shown again"
        value={form.token}
        onChange={(e) => set({ token: e.currentTarget.value })}
        autoComplete="off"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Headers
        </Text>
        <Text size="xs" c="dimmed">
          Sent with every request to the server; the values are stored encrypted, and only the names are listed.
        </Text>
        {form.headers.map((h, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput aria-label={`Header ${i + 1} name`} placeholder="X-Api-Key" value={h.name} onChange={(e) => setHeader(i, { name: e.currentTarget.value })} />
            <PasswordInput aria-label={`Header ${i + 1} value`} value={h.value} onChange={(e) => setHeader(i, { value: e.currentTarget.value })} autoComplete="off" />
            <ActionIcon variant="subtle" color="red" aria-label={`Remove header ${i + 1}`} onClick={() => set({ headers: form.headers.filter((_, j) => j !== i) })}>
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="default" onClick={() => set({ headers: [...form.headers, { name: "", value: "" }] })}>
            Add header
          </Button>
        </Group>
      </Stack>
      <TextInput
        label="Allowed tools"
        description="Tool names separated by commas; empty: every tool the server lists"
        value={form.tools}
        onChange={(e) => set({ tools: e.currentTarget.value })}
      />
    </FormModal>
  );
}
