import { useState } from "react";
import { Anchor, Badge, Button, Checkbox, Group, NumberInput, Select, Stack, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import type { CreateTenantRequest, Tenant } from "../../api/types";
import { FormModal, when } from "../../components/common";
import { PagedTable } from "../../components/PagedTable";
import { usePaged } from "../../components/usePaged";

export const PLANS = ["free", "pro", "enterprise"];

export function TenantsPage() {
  const [search, setSearch] = useState("");
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const needle = search.trim();
  // The API searches every tenant (id or name), not just the page on screen.
  const paged = usePaged<Tenant>(["tenants", needle], "/v1/tenants", {
    include_deleted: includeDeleted ? "true" : undefined,
    q: needle || undefined,
  });
  const [creating, setCreating] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Tenants</Title>
        <Button onClick={() => setCreating(true)}>Create tenant</Button>
      </Group>
      <Group align="end">
        <TextInput label="Search tenants" placeholder="id or name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Checkbox label="Show deleted" checked={includeDeleted} onChange={(e) => setIncludeDeleted(e.currentTarget.checked)} />
      </Group>
      <PagedTable
        paged={paged}
        label="tenants"
        minWidth={640}
        rowKey={(t) => t.id}
        columns={[
          {
            header: "Id",
            cell: (t) => (
              <Anchor component={Link} to={`/admin/tenants/${t.id}`}>
                {t.id}
              </Anchor>
            ),
          },
          { header: "Name", cell: (t) => t.name },
          { header: "Plan", cell: (t) => t.plan },
          { header: "Requests/min", cell: (t) => t.rate_limit_rpm },
          { header: "State", cell: (t) => (t.deleted_at ? <Badge color="red">deleted · purge {when(t.purge_after)}</Badge> : <Badge color="teal">active</Badge>) },
          { header: "Created", cell: (t) => when(t.created_at) },
        ]}
      />
      <CreateTenant opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function CreateTenant({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ id: "", name: "", plan: "pro", rate_limit_rpm: "" as number | "", max_sessions: "" as number | "", daily_token_budget: "" as number | "", monthly_token_budget: "" as number | "" });
  const num = (v: number | "") => (v === "" ? null : v);
  const create = useMutation({
    mutationFn: () => {
      const body: CreateTenantRequest = {
        id: form.id || null,
        name: form.name,
        plan: form.plan,
        rate_limit_rpm: num(form.rate_limit_rpm),
        max_sessions: num(form.max_sessions),
        config: null,
        daily_token_budget: num(form.daily_token_budget),
        monthly_token_budget: num(form.monthly_token_budget),
      };
      return api<Tenant>("/v1/tenants", { method: "POST", json: body });
    },
    onSuccess: (t) => {
      queries.invalidateQueries({ queryKey: ["tenants"] });
      onClose();
      navigate(`/admin/tenants/${t.id}`);
    },
  });
  const numField = (key: keyof typeof form, label: string) => (
    <NumberInput label={label} value={form[key]} onChange={(v) => setForm({ ...form, [key]: typeof v === "number" ? v : "" })} min={0} placeholder="plan default" />
  );
  return (
    <FormModal opened={opened} onClose={onClose} title="Create tenant" onSubmit={() => create.mutate()} pending={create.isPending} error={create.error}>
      <TextInput label="Tenant id" description="Optional: lowercase letters, digits, '-'" value={form.id} onChange={(e) => setForm({ ...form, id: e.currentTarget.value })} />
      <TextInput label="Tenant name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
      <Select label="Plan" data={PLANS} value={form.plan} onChange={(v) => setForm({ ...form, plan: v ?? "pro" })} allowDeselect={false} />
      {numField("rate_limit_rpm", "Requests per minute")}
      {numField("max_sessions", "Max sessions")}
      {numField("daily_token_budget", "Daily token budget")}
      {numField("monthly_token_budget", "Monthly token budget")}
    </FormModal>
  );
}
