import { describe, expect, it } from "vitest";
import type { KeyBudget, UsageGroup } from "../api/types";
import { spendPerKey, spendPerModel, spentOf } from "./spend";

const group = (api_key_id: string | undefined, model: string, cost_usd: number, requests = 1): UsageGroup => ({
  api_key_id, model, requests, input_tokens: 10 * requests, output_tokens: 2 * requests, cost_usd,
});

const key = (id: string, name: string, daily?: number): KeyBudget => ({
  id, name, revoked: false, daily_budget_usd: daily, spent_today_usd: 0, spent_this_month_usd: 0,
});

describe("spend per model and per key", () => {
  const groups = [group("k1", "a", 0.5), group("k1", "b", 1), group("k2", "b", 2, 2), group(undefined, "a", 0.25)];

  it("sums each model over the keys, costliest first", () => {
    expect(spendPerModel(groups)).toEqual([
      { model: "b", requests: 3, input_tokens: 30, output_tokens: 6, cost_usd: 3 },
      { model: "a", requests: 2, input_tokens: 20, output_tokens: 4, cost_usd: 0.75 },
    ]);
  });

  it("sums each key over the models with its budget, lists a key without spend, and calls without a key last", () => {
    const keys = [key("k1", "ci", 5), key("k2", "batch"), key("k3", "idle", 1)];
    const rows = spendPerKey(groups, keys);
    expect(rows.map((r) => [r.id, r.name, r.requests, r.cost_usd])).toEqual([
      ["k2", "batch", 2, 2],
      ["k1", "ci", 2, 1.5],
      ["k3", "idle", 0, 0],
      [null, "(no API key)", 1, 0.25],
    ]);
    expect(rows[1].budget?.daily_budget_usd).toBe(5);
  });

  it("a key gone from the list is still shown by its name from the groups", () => {
    expect(spendPerKey([{ ...group("k9", "a", 1), api_key_name: "old" }], [])[0]).toMatchObject({ id: "k9", name: "old", requests: 1 });
  });
});

describe("spentOf", () => {
  it("names the budget and the share spent, or that there is no limit", () => {
    expect(spentOf(1.23456, 5)).toBe("$1.2346 of $5.00 (25%)");
    expect(spentOf(0, undefined)).toBe("$0.0000 (no limit)");
    expect(spentOf(0, 0)).toBe("$0.0000 of $0.00");
  });
});
