import type { KeyBudget, SpendToDate, UsageGroup } from "../api/types";

type Totals = Pick<UsageGroup, "requests" | "input_tokens" | "output_tokens" | "cost_usd">;

export interface ModelSpend extends Totals {
  model: string;
}

/** An API key's spend in the shown range beside its budgets; `id` is null for calls not made with a key (a signed-in user's). */
export interface KeySpend extends Totals {
  id: string | null;
  name: string;
  budget?: KeyBudget;
}

const zero = (): Totals => ({ requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });

function add(into: Totals, g: Totals) {
  into.requests += g.requests;
  into.input_tokens += g.input_tokens;
  into.output_tokens += g.output_tokens;
  into.cost_usd += g.cost_usd;
}

const costliestFirst = (a: Totals, b: Totals) => b.cost_usd - a.cost_usd || b.input_tokens + b.output_tokens - (a.input_tokens + a.output_tokens);

/** Groups of `group_by=api_key,model` summed per model, costliest first. */
export function spendPerModel(groups: UsageGroup[]): ModelSpend[] {
  const map = new Map<string, ModelSpend>();
  for (const g of groups) {
    const model = g.model ?? "(unknown)";
    const m = map.get(model) ?? { model, ...zero() };
    add(m, g);
    map.set(model, m);
  }
  return [...map.values()].sort(costliestFirst);
}

/**
 * Groups of `group_by=api_key,model` summed per key, costliest first; every key with a budget row is listed
 * (a key that spent nothing in the range still shows its budgets), calls without a key come last.
 */
export function spendPerKey(groups: UsageGroup[], keys: KeyBudget[]): KeySpend[] {
  const map = new Map<string | null, KeySpend>(keys.map((k) => [k.id, { id: k.id, name: k.name, budget: k, ...zero() }]));
  for (const g of groups) {
    const id = g.api_key_id ?? null;
    const k = map.get(id) ?? { id, name: id === null ? "(no API key)" : (g.api_key_name ?? id), ...zero() };
    add(k, g);
    map.set(id, k);
  }
  const rows = [...map.values()];
  return [...rows.filter((r) => r.id !== null).sort(costliestFirst), ...rows.filter((r) => r.id === null)];
}

/** "$1.2346 of $5.00 (25%)", or the spend alone and "no limit" when there is no budget. */
export function spentOf(spent: number, budget: number | undefined): string {
  const amount = `$${spent.toFixed(4)}`;
  if (budget === undefined) {
    return `${amount} (no limit)`;
  }
  const share = budget > 0 ? ` (${Math.round((spent / budget) * 100)}%)` : "";
  return `${amount} of $${budget.toFixed(2)}${share}`;
}

/** Today's and this month's spend against the budgets, as the tables show them. */
export const today = (s: SpendToDate) => spentOf(s.spent_today_usd, s.daily_budget_usd);
export const thisMonth = (s: SpendToDate) => spentOf(s.spent_this_month_usd, s.monthly_budget_usd);
