import type { ApiKey } from "../api/types";
import { LimitFields, useLimitsEditor } from "../limits/LimitFields";
import type { BudgetName } from "../limits/limits";
import { FormModal } from "./common";

const KEY_BUDGETS: BudgetName[] = ["daily_budget_usd", "monthly_budget_usd"];

/**
 * Edits an existing key's models and USD budgets (PATCH `{base}/{id}`). The API refuses what the
 * signed-in credential may not give (a limited key lifting a limit, say): that 403 is shown as it says.
 * Mounted per key, so the form starts from the key as listed.
 */
export function KeyLimitsModal({ apiKey, base, onClose, onSaved }: { apiKey: ApiKey; base: string; onClose: () => void; onSaved: (k: ApiKey) => void }) {
  const editor = useLimitsEditor<ApiKey>({ current: apiKey, budgets: KEY_BUDGETS, path: `${base}/${encodeURIComponent(apiKey.id)}`, onSaved });
  return (
    <FormModal
      opened
      onClose={onClose}
      title={`Edit key ${apiKey.name}`}
      onSubmit={() => editor.save.mutate()}
      pending={editor.save.isPending}
      error={editor.save.error}
      submit="Save"
      disabled={editor.unchanged}
    >
      <LimitFields draft={editor.draft} setDraft={editor.setDraft} errors={editor.errors} budgets={KEY_BUDGETS} modelsHint="any model the tenant may use" />
    </FormModal>
  );
}
