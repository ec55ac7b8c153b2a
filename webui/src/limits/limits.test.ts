import { describe, expect, it } from "vitest";
import { budgetsText, draftOf, limitsChange, modelList, parseUsd, type BudgetName, type Limits } from "./limits";

const KEY: BudgetName[] = ["daily_budget_usd", "monthly_budget_usd"];
const held: Limits = { models: ["gpt-4o*", "claude-3"], daily_budget_usd: 5, monthly_budget_usd: null };

describe("model lists and USD budgets as the console edits them", () => {
  it("sends a comma-separated list of models, or null for none", () => {
    expect(modelList(" gpt-4o* , claude-3,, ")).toEqual(["gpt-4o*", "claude-3"]);
    expect(modelList("  ")).toBeNull();
  });

  it("reads a budget as dollars, empty as no limit, and names what is wrong otherwise", () => {
    expect(parseUsd("")).toEqual({ value: null });
    expect(parseUsd(" 12.5 ")).toEqual({ value: 12.5 });
    expect(parseUsd("0")).toEqual({ value: 0 });
    expect(parseUsd("0.000001")).toEqual({ value: 0.000001 });
    for (const bad of ["-1", "ten", "1.1234567", "1e3", "$5"]) {
      expect(parseUsd(bad).error).toMatch(/US dollars, 0 or more, with at most 6 decimals/);
    }
    expect(parseUsd("1000000001").error).toMatch(/At most 1,000,000,000 US dollars/);
  });

  it("starts the form from what is held", () => {
    expect(draftOf(held, KEY)).toEqual({ models: "gpt-4o*, claude-3", daily_budget_usd: "5", monthly_budget_usd: "" });
  });

  it("sends only the changed fields, an emptied one as null", () => {
    const unchanged = limitsChange(held, { models: "gpt-4o*,claude-3", daily_budget_usd: "5.00", monthly_budget_usd: " " }, KEY);
    expect(unchanged).toEqual({ body: {}, errors: {} });
    const change = limitsChange(held, { models: "", daily_budget_usd: "", monthly_budget_usd: "100" }, KEY);
    expect(change).toEqual({ body: { models: null, daily_budget_usd: null, monthly_budget_usd: 100 }, errors: {} });
  });

  it("names each invalid field and sends nothing of it", () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `m${i}`).join(",");
    const change = limitsChange(held, { models: tooMany, daily_budget_usd: "-3", monthly_budget_usd: "7" }, KEY);
    expect(Object.keys(change.errors).sort()).toEqual(["daily_budget_usd", "models"]);
    expect(change.errors.models).toMatch(/At most 100/);
    expect(limitsChange(held, { models: "x".repeat(201) }, []).errors.models).toMatch(/longer than 200 characters/);
  });

  it("shows budgets in dollars, or no limit", () => {
    expect(budgetsText({ daily_budget_usd: 5, monthly_budget_usd: 100 })).toBe("$5.00 a day · $100.00 a month");
    expect(budgetsText({ daily_budget_usd: null, monthly_budget_usd: 2.5 })).toBe("$2.50 a month");
    expect(budgetsText({ daily_budget_usd: null, monthly_budget_usd: null })).toBe("no limit");
  });
});
