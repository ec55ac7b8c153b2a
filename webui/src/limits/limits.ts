// The model allow-list and USD budgets of a tenant or an API key as the console edits them: text in
// the form, the API's values in the PATCH body (docs/api.md "Model allow-lists", "Spend budgets").
import type { UpdateApiKeyRequest, UpdateTenantRequest } from "../api/types";

export type BudgetName = "daily_budget_usd" | "monthly_budget_usd" | "user_daily_budget_usd";
export type LimitName = "models" | BudgetName;

/** What a tenant or a key holds: null is no limit. */
export interface Limits {
  models: string[] | null;
  daily_budget_usd?: number | null;
  monthly_budget_usd?: number | null;
  user_daily_budget_usd?: number | null;
}

/** The form's text per field: models comma-separated, each budget a number of dollars; empty is no limit. */
export type LimitsDraft = Partial<Record<LimitName, string>>;

/** A PATCH body of a tenant's limits, or of a key's (the same fields but the per-user budget, which `budgets` leaves out). */
export type LimitsChange = Pick<UpdateTenantRequest, LimitName> & UpdateApiKeyRequest;

/** The API's bounds (ModelAllowList, BudgetField): checked here too, so the form names the field before sending. */
export const MAX_MODELS = 100;
export const MAX_MODEL_LENGTH = 200;
export const MAX_BUDGET_USD = 1_000_000_000;

/** A comma-separated list of models as the API takes it: null (no limit) when empty. */
export function modelList(text: string): string[] | null {
  const models = text.split(",").map((m) => m.trim()).filter((m) => m.length > 0);
  return models.length ? models : null;
}

type Parsed<T> = { value: T; error?: undefined } | { error: string };

function parseModels(text: string): Parsed<string[] | null> {
  const models = modelList(text);
  if (models && models.length > MAX_MODELS) {
    return { error: `At most ${MAX_MODELS} model ids or patterns` };
  }
  const long = models?.find((m) => m.length > MAX_MODEL_LENGTH);
  if (long) {
    return { error: `"${long.slice(0, 20)}…" is longer than ${MAX_MODEL_LENGTH} characters` };
  }
  return { value: models };
}

/** A budget as the API takes it: dollars, 0 or more, at most 6 decimals; null (no limit) when empty. */
export function parseUsd(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === "") {
    return { value: null };
  }
  if (!/^(\d+(\.\d{0,6})?|\.\d{1,6})$/.test(t)) {
    return { error: "A number of US dollars, 0 or more, with at most 6 decimals (empty: no limit)" };
  }
  const usd = Number(t);
  if (usd > MAX_BUDGET_USD) {
    return { error: `At most ${MAX_BUDGET_USD.toLocaleString("en-US")} US dollars` };
  }
  return { value: usd };
}

/** The form's text for what is held now. */
export function draftOf(current: Limits, budgets: BudgetName[]): LimitsDraft {
  const draft: LimitsDraft = { models: current.models?.join(", ") ?? "" };
  for (const b of budgets) {
    const usd = current[b];
    draft[b] = usd === null || usd === undefined ? "" : String(usd);
  }
  return draft;
}

const same = (a: string[] | number | null | undefined, b: string[] | number | null | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The PATCH body of the edited fields: only what changed is sent (an unchanged field sent again could
 * be refused, e.g. a limited key setting another key's unchanged "no limit"), emptied ones as null.
 */
export function limitsChange(current: Limits, draft: LimitsDraft, budgets: BudgetName[]): { body: LimitsChange; errors: Partial<Record<LimitName, string>> } {
  const body: LimitsChange = {};
  const errors: Partial<Record<LimitName, string>> = {};
  const models = parseModels(draft.models ?? "");
  if (models.error !== undefined) {
    errors.models = models.error;
  } else if (!same(models.value, current.models)) {
    body.models = models.value;
  }
  for (const b of budgets) {
    const usd = parseUsd(draft[b] ?? "");
    if (usd.error !== undefined) {
      errors[b] = usd.error;
    } else if (!same(usd.value, current[b])) {
      body[b] = usd.value;
    }
  }
  return { body, errors };
}

const dollars = (usd: number) => `$${usd.toFixed(2)}`;

/** "$5.00 a day · $100.00 a month", or "no limit". */
export function budgetsText(l: Pick<Limits, "daily_budget_usd" | "monthly_budget_usd">): string {
  const parts = [
    typeof l.daily_budget_usd === "number" ? `${dollars(l.daily_budget_usd)} a day` : null,
    typeof l.monthly_budget_usd === "number" ? `${dollars(l.monthly_budget_usd)} a month` : null,
  ].filter((p) => p !== null);
  return parts.length ? parts.join(" · ") : "no limit";
}
