import { useState } from "react";
import { Anchor, Badge, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client";
import type { CreateTenantRequest, Tenant } from "../../api/types";
import { ErrorNotice, Pager, QueryView, when } from "../../components/common";
import { PAGE, usePaged } from "../../components/usePaged";

export const PLANS = ["free", "pro", "enterprise"];

export function TenantsPage() {
  const [search, setSearch] = useState("");
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const needle = search.trim();
  // The API searches every tenant (id or name), not just the page on screen.
  const { query, offset, setOffset } = usePaged<Tenant>(["tenants", needle], "/v1/tenants", {
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
      <QueryView query={query} label="tenants" isEmpty={(d) => d.data.length === 0 && offset === 0}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Id</Table.Th>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Plan</Table.Th>
                    <Table.Th>Requests/min</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Created</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.data
                    .map((t) => (
                      <Table.Tr key={t.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/admin/tenants/${t.id}`}>
                            {t.id}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{t.name}</Table.Td>
                        <Table.Td>{t.plan}</Table.Td>
                        <Table.Td>{t.rate_limit_rpm}</Table.Td>
                        <Table.Td>
                          {t.deleted_at ? <Badge color="red">deleted · purge {when(t.purge_after)}</Badge> : <Badge color="teal">active</Badge>}
                        </Table.Td>
                        <Table.Td>{when(t.created_at)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager offset={offset} limit={PAGE} count={d.data.length} hasMore={d.has_more} onChange={setOffset} />
          </>
        )}
      </QueryView>
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
    <Modal opened={opened} onClose={onClose} title="Create tenant">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <TextInput label="Tenant id" description="Optional: lowercase letters, digits, '-'" value={form.id} onChange={(e) => setForm({ ...form, id: e.currentTarget.value })} />
          <TextInput label="Tenant name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} required />
          <Select label="Plan" data={PLANS} value={form.plan} onChange={(v) => setForm({ ...form, plan: v ?? "pro" })} allowDeselect={false} />
          {numField("rate_limit_rpm", "Requests per minute")}
          {numField("max_sessions", "Max sessions")}
          {numField("daily_token_budget", "Daily token budget")}
          {numField("monthly_token_budget", "Monthly token budget")}
          <ErrorNotice error={create.error} />
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
