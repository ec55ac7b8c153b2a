import { useState } from "react";
import { Badge, Button, Checkbox, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import type { ApiKey, CreatedApiKey } from "../api/types";
import { budgetsText, modelList } from "../limits/limits";
import { ErrorNotice, FormModal, SecretOnce, when } from "./common";
import { KeyLimitsModal } from "./KeyLimitsModal";
import { PagedTable } from "./PagedTable";
import { usePaged } from "./usePaged";

const ROLES = ["admin", "operator", "auditor", "user"];
const SCOPES = ["read", "write", "execute", "admin", "audit:read", "usage:read", "key:write"];

/** A tenant's API keys: the tenant admin's own (/v1/api-keys) or any tenant's for the platform admin (/admin/v1/…). */
export function KeysPanel({ tenantId }: { tenantId?: string }) {
  const base = tenantId ? `/admin/v1/tenants/${encodeURIComponent(tenantId)}/api-keys` : "/v1/api-keys";
  const paged = usePaged<ApiKey>(["keys", base], base);
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: ["keys", base] });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [shown, setShown] = useState<CreatedApiKey | null>(null);
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<string[]>(["user"]);
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState("");
  const [withExpiry, setWithExpiry] = useState(false);
  const [models, setModels] = useState("");

  const create = useMutation({
    mutationFn: () =>
      api<CreatedApiKey>(base, {
        method: "POST",
        json: {
          name,
          roles,
          scopes: scopes.length ? scopes : undefined,
          expires_at: withExpiry && expires ? new Date(expires).toISOString() : undefined,
          models: modelList(models),
        },
      }),
    onSuccess: (k) => {
      setCreating(false);
      setShown(k);
      setName("");
      refresh();
    },
  });
  const rotate = useMutation({
    mutationFn: (id: string) => api<CreatedApiKey>(`${base}/${encodeURIComponent(id)}/rotate`, { method: "POST" }),
    onSuccess: (k) => {
      setShown(k);
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>API keys</Title>
        <Button onClick={() => setCreating(true)}>Create key</Button>
      </Group>
      <ErrorNotice error={rotate.error ?? revoke.error} />
      <PagedTable
        paged={paged}
        label="API keys"
        minWidth={1040}
        rowKey={(k) => k.id}
        columns={[
          { header: "Name", cell: (k) => k.name },
          // The id is who the key is elsewhere: the actor in the audit log, the owner of its sessions.
          { header: "Key id", cell: (k) => <code>{k.id}</code> },
          { header: "Prefix", cell: (k) => <code>{k.prefix}…</code> },
          { header: "Roles", cell: (k) => k.roles.join(", ") },
          { header: "Models", cell: (k) => (k.models ? k.models.join(", ") : <Text c="dimmed">any</Text>) },
          { header: "Budgets (USD)", cell: (k) => budgetsText(k) },
          { header: "Expires", cell: (k) => when(k.expires_at) },
          { header: "State", cell: (k) => (k.revoked_at ? <Badge color="gray">revoked</Badge> : <Badge color="teal">active</Badge>) },
          {
            cell: (k) =>
              !k.revoked_at && (
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setEditing(k)} aria-label={`Edit key ${k.name}`}>
                    Edit
                  </Button>
                  <Button size="xs" variant="default" onClick={() => rotate.mutate(k.id)} aria-label={`Rotate key ${k.name}`}>
                    Rotate
                  </Button>
                  <Button size="xs" color="red" variant="light" onClick={() => revoke.mutate(k.id)} aria-label={`Revoke key ${k.name}`}>
                    Revoke
                  </Button>
                </Group>
              ),
          },
        ]}
      />
      <FormModal opened={creating} onClose={() => setCreating(false)} title="Create API key" onSubmit={() => create.mutate()} pending={create.isPending} error={create.error}>
        <TextInput label="Key name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <Checkbox.Group label="Roles" value={roles} onChange={setRoles}>
          <Group gap="xs" mt={4}>
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} label={r} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group label="Scopes" description="None ticked: the roles' default scopes" value={scopes} onChange={setScopes}>
          <Group gap="xs" mt={4}>
            {SCOPES.map((s) => (
              <Checkbox key={s} value={s} label={s} />
            ))}
          </Group>
        </Checkbox.Group>
        <TextInput
          label="Models"
          description="Model ids or patterns (gpt-4o*), comma-separated; empty: any model the tenant may use"
          value={models}
          onChange={(e) => setModels(e.currentTarget.value)}
        />
        <Checkbox label="Expires" checked={withExpiry} onChange={(e) => setWithExpiry(e.currentTarget.checked)} />
        {withExpiry && <TextInput type="datetime-local" label="Expires at" value={expires} onChange={(e) => setExpires(e.currentTarget.value)} />}
      </FormModal>
      {editing && (
        <KeyLimitsModal
          key={editing.id}
          apiKey={editing}
          base={base}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
            // The Usage page's spend tables show each key's budgets.
            queries.invalidateQueries({ queryKey: ["usage-spend"] });
          }}
        />
      )}
      <Modal opened={shown !== null} onClose={() => setShown(null)} title={`New key ${shown?.name ?? ""}`}>
        {shown && <SecretOnce value={shown.key} label="New API key" />}
      </Modal>
    </Stack>
  );
}
