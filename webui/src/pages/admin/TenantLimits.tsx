import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import type { Tenant } from "../../api/types";
import { ErrorNotice } from "../../components/common";
import { LimitFields, useLimitsEditor } from "../../limits/LimitFields";
import type { BudgetName } from "../../limits/limits";

const TENANT_BUDGETS: BudgetName[] = ["daily_budget_usd", "monthly_budget_usd", "user_daily_budget_usd"];

/**
 * The tenant's model allow-list and USD budgets, edited apart from its other settings: only the
 * changed fields are sent (PATCH /v1/tenants/{id}), an emptied one as null (no limit).
 */
export function TenantLimits({ tenant }: { tenant: Tenant }) {
  const queries = useQueryClient();
  const editor = useLimitsEditor<Tenant>({
    current: tenant,
    budgets: TENANT_BUDGETS,
    path: `/v1/tenants/${encodeURIComponent(tenant.id)}`,
    onSaved: (saved) => {
      queries.setQueryData(["tenant", tenant.id], saved);
      queries.invalidateQueries({ queryKey: ["tenants"] });
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Models and spend limits"
        onSubmit={(e) => {
          e.preventDefault();
          editor.save.mutate();
        }}
      >
        <Stack>
          <Title order={4}>Models and spend limits</Title>
          <Text size="sm" c="dimmed">
            Every call of the tenant passes these, whatever its key allows. A budget counts what model calls cost at the catalog's prices.
          </Text>
          <LimitFields draft={editor.draft} setDraft={editor.setDraft} errors={editor.errors} budgets={TENANT_BUDGETS} modelsHint="any model of the catalog" />
          <ErrorNotice error={editor.save.error} />
          {editor.save.isSuccess && (
            <Text size="sm" c="teal" role="status">
              Saved.
            </Text>
          )}
          <Group>
            <Button type="submit" loading={editor.save.isPending} disabled={editor.unchanged}>
              Save limits
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
