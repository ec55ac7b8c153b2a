import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { UsagePage } from "./UsagePage";
import { fakeFetch, renderSignedIn } from "../../test/render";
import type { UsageSummary } from "../../api/types";

const totals = (requests: number, cost_usd: number) => ({ requests, input_tokens: 100 * requests, output_tokens: 10 * requests, cost_usd });

const usage: UsageSummary = {
  tenant_id: "acme",
  granularity: "day",
  from: "2026-01-01T00:00:00Z",
  to: "2026-01-31T00:00:00Z",
  data: [{ period: "2026-01-30T00:00:00Z", ...totals(4, 3.5) }],
  total: totals(4, 3.5),
  budgets: {
    daily_budget_usd: 10,
    monthly_budget_usd: 100,
    user_daily_budget_usd: 2,
    spent_today_usd: 3.5,
    spent_this_month_usd: 3.5,
    api_keys: [
      { id: "key_ci", name: "ci", revoked: false, daily_budget_usd: 5, monthly_budget_usd: 50, spent_today_usd: 1.25, spent_this_month_usd: 1.25 },
      { id: "key_batch", name: "batch", revoked: false, spent_today_usd: 2.25, spent_this_month_usd: 2.25 },
    ],
  },
  group_by: ["api_key", "model"],
  groups: [
    { api_key_id: "key_batch", api_key_name: "batch", model: "gpt-b", ...totals(2, 2.25) },
    { api_key_id: "key_ci", api_key_name: "ci", model: "gpt-a", ...totals(1, 1) },
    { api_key_id: "key_ci", api_key_name: "ci", model: "gpt-b", ...totals(1, 0.25) },
  ],
};

const routes = {
  "/v1/me": { body: { tenant_id: "acme", identity: "key_ci", roles: ["admin"], scopes: ["read", "write", "execute", "admin"], auth_method: "api_key" } },
  "/v1/usage": { body: usage },
};

afterEach(() => vi.unstubAllGlobals());

const cells = (row: HTMLElement) => within(row).getAllByRole("cell").map((c) => c.textContent);

describe("usage page spend", () => {
  it("asks for the breakdown by key and model", async () => {
    const fetch = fakeFetch(routes);
    vi.stubGlobal("fetch", fetch.fn);
    renderSignedIn(<UsagePage />);
    await screen.findByTestId("spend-per-key");
    expect(fetch.calls.map((c) => new URL(c.url, "http://console.test").searchParams.get("group_by"))).toContain("api_key,model");
  });

  it("shows spend per API key beside the key's daily and monthly budgets", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    renderSignedIn(<UsagePage />);
    const rows = within(await screen.findByTestId("spend-per-key")).getAllByRole("row").slice(1);
    expect(rows.map(cells)).toEqual([
      ["batch", "2", "200", "20", "2.2500", "$2.2500 (no limit)", "$2.2500 (no limit)"],
      ["ci", "2", "200", "20", "1.2500", "$1.2500 of $5.00 (25%)", "$1.2500 of $50.00 (3%)"],
    ]);
  });

  it("shows spend per model and the tenant's budgets", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    renderSignedIn(<UsagePage />);
    const rows = within(await screen.findByTestId("spend-per-model")).getAllByRole("row").slice(1);
    expect(rows.map(cells)).toEqual([
      ["gpt-b", "3", "300", "30", "2.5000"],
      ["gpt-a", "1", "100", "10", "1.0000"],
    ]);
    expect(screen.getByTestId("tenant-budget")).toHaveTextContent(
      "Tenant today: $3.5000 of $10.00 (35%) · this month: $3.5000 of $100.00 (4%) · each end user: $2.00 a day",
    );
  });
});
