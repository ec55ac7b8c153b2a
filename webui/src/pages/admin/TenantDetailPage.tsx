import { useState } from "react";
import { Alert, Badge, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { api } from "../../api/client";
import type { Tenant, UpdateTenantRequest } from "../../api/types";
import { ErrorNotice, QueryView, TypedConfirm, when } from "../../components/common";
import { KeysPanel } from "../../components/KeysPanel";
import { PLANS } from "./TenantsPage";
import { TenantLimits } from "./TenantLimits";

export function TenantDetailPage() {
  const { tenantId = "" } = useParams();
  const tenant = useQuery({ queryKey: ["tenant", tenantId], queryFn: () => api<Tenant>(`/v1/tenants/${encodeURIComponent(tenantId)}`) });
  return (
    <Stack>
      <Title order={3}>Tenant {tenantId}</Title>
      <QueryView query={tenant} label="tenant">
        {(t) => (
          <>
            <TenantSettings tenant={t} />
            {!t.deleted_at && <TenantLimits tenant={t} />}
            {!t.deleted_at && <KeysPanel tenantId={t.id} />}
          </>
        )}
      </QueryView>
    </Stack>
  );
}

function TenantSettings({ tenant }: { tenant: Tenant }) {
  const queries = useQueryClient();
  const [edit, setEdit] = useState({
    name: tenant.name,
    plan: tenant.plan,
    rate_limit_rpm: tenant.rate_limit_rpm,
    max_sessions: tenant.max_sessions,
    daily_token_budget: tenant.daily_token_budget,
    monthly_token_budget: tenant.monthly_token_budget,
  });
  const [deleting, setDeleting] = useState(false);
  const refresh = () => {
    queries.invalidateQueries({ queryKey: ["tenant", tenant.id] });
    queries.invalidateQueries({ queryKey: ["tenants"] });
  };
  const path = `/v1/tenants/${encodeURIComponent(tenant.id)}`;
  const save = useMutation({
    mutationFn: () => api<Tenant>(path, { method: "PATCH", json: { ...edit, config: null } satisfies UpdateTenantRequest }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api(path, { method: "DELETE" }),
    onSuccess: () => {
      setDeleting(false);
      refresh();
    },
  });
  const restore = useMutation({ mutationFn: () => api(`${path}/restore`, { method: "POST" }), onSuccess: refresh });
  const num = (key: keyof typeof edit, label: string) => (
    <NumberInput label={label} value={edit[key] as number} onChange={(v) => setEdit({ ...edit, [key]: typeof v === "number" ? v : 0 })} min={0} />
  );

  if (tenant.deleted_at) {
    return (
      <Paper withBorder p="md">
        <Stack>
          <Alert color="red" title="Deleted">
            Deleted {when(tenant.deleted_at)}; all its data is purged after <b data-testid="purge-after">{when(tenant.purge_after)}</b>. Until then it can be restored.
          </Alert>
          <ErrorNotice error={restore.error} />
          <Group>
            <Button color="teal" onClick={() => restore.mutate()} loading={restore.isPending}>
              Restore tenant
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group>
          <Badge color="teal">active</Badge>
          <Text size="xs" c="dimmed">
            created {when(tenant.created_at)} · updated {when(tenant.updated_at)}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Tenant name" value={edit.name} onChange={(e) => setEdit({ ...edit, name: e.currentTarget.value })} />
          <Select label="Plan" data={PLANS} value={edit.plan} onChange={(v) => setEdit({ ...edit, plan: v ?? edit.plan })} allowDeselect={false} />
          {num("rate_limit_rpm", "Requests per minute")}
          {num("max_sessions", "Max sessions")}
          {num("daily_token_budget", "Daily token budget (0 = unlimited)")}
          {num("monthly_token_budget", "Monthly token budget (0 = unlimited)")}
        </SimpleGrid>
        <ErrorNotice error={save.error} />
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save changes
          </Button>
          <Button color="red" variant="light" onClick={() => setDeleting(true)}>
            Delete tenant
          </Button>
        </Group>
      </Stack>
      <TypedConfirm
        opened={deleting}
        onClose={() => setDeleting(false)}
        word={tenant.id}
        title={`Delete tenant ${tenant.id}`}
        action="Delete tenant"
        onConfirm={() => remove.mutate()}
        pending={remove.isPending}
        error={remove.error}
      >
        <Text size="sm">The tenant stops working at once; its data is purged after the grace period unless it is restored.</Text>
      </TypedConfirm>
    </Paper>
  );
}
