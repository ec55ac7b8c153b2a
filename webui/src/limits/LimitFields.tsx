import { useState } from "react";
import { SimpleGrid, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { api } from "../api/client";
import { draftOf, limitsChange, type BudgetName, type Limits, type LimitsDraft, type LimitName } from "./limits";

const BUDGET_LABELS: Record<BudgetName, string> = {
  daily_budget_usd: "Daily budget (USD)",
  monthly_budget_usd: "Monthly budget (USD)",
  user_daily_budget_usd: "Daily budget per end user (USD)",
};

/**
 * Edits the models and USD budgets of one tenant or key: the form's text, the field errors found
 * before sending, whether anything changed (nothing to send otherwise) and the PATCH to `path` of the
 * changed fields only. The API still decides: its refusal is the mutation's error, shown as it says.
 */
export function useLimitsEditor<T extends Limits>({ current, budgets, path, onSaved }: { current: Limits; budgets: BudgetName[]; path: string; onSaved: (saved: T) => void }) {
  const [draft, setDraft] = useState<LimitsDraft>(() => draftOf(current, budgets));
  // Field errors show once Save is pressed, not while the first digits are typed.
  const [errors, setErrors] = useState<Partial<Record<LimitName, string>>>({});
  const pending = limitsChange(current, draft, budgets);
  const save = useMutation({
    mutationFn: async () => {
      setErrors(pending.errors);
      return Object.keys(pending.errors).length > 0 ? null : api<T>(path, { method: "PATCH", json: pending.body });
    },
    onSuccess: (saved) => {
      if (saved !== null) {
        // The form shows what the API stored (a list without its repeats, say).
        setDraft(draftOf(saved, budgets));
        onSaved(saved);
      }
    },
  });
  // An invalid field is a change to report, not "nothing changed": Save stays enabled and names it.
  const unchanged = Object.keys(pending.body).length === 0 && Object.keys(pending.errors).length === 0;
  // An edit after a save starts a new change: "saved" no longer describes the form, nor an error the field that was edited.
  const edit = (d: LimitsDraft) => {
    setDraft(d);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([field]) => d[field as LimitName] === draft[field as LimitName])));
    if (save.isSuccess) {
      save.reset();
    }
  };
  return { draft, setDraft: edit, errors, save, unchanged };
}

/** The models field and one field per budget, each with its own error. */
export function LimitFields({
  draft,
  setDraft,
  errors,
  budgets,
  modelsHint,
}: {
  draft: LimitsDraft;
  setDraft: (d: LimitsDraft) => void;
  errors: Partial<Record<LimitName, string>>;
  budgets: BudgetName[];
  modelsHint: string;
}) {
  return (
    <>
      <TextInput
        label="Models"
        description={`Model ids or patterns (gpt-4o*), comma-separated; empty: ${modelsHint}`}
        value={draft.models ?? ""}
        onChange={(e) => setDraft({ ...draft, models: e.currentTarget.value })}
        error={errors.models}
      />
      <SimpleGrid cols={{ base: 1, sm: budgets.length }}>
        {budgets.map((b) => (
          <TextInput
            key={b}
            label={BUDGET_LABELS[b]}
            description="Empty: no limit"
            inputMode="decimal"
            placeholder="no limit"
            value={draft[b] ?? ""}
            onChange={(e) => setDraft({ ...draft, [b]: e.currentTarget.value })}
            error={errors[b]}
          />
        ))}
      </SimpleGrid>
    </>
  );
}
