import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TenantLimits } from "./TenantLimits";
import { fakeFetch, renderPage, sentBodies } from "../../test/render";
import type { Tenant } from "../../api/types";

const tenant: Tenant = {
  id: "acme",
  name: "Acme",
  plan: "pro",
  rate_limit_rpm: 60,
  max_sessions: 100,
  config: {},
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  deleted_at: null,
  daily_token_budget: 0,
  monthly_token_budget: 0,
  max_streams_per_user: 5,
  purge_after: null,
  models: ["gpt-4o*"],
  daily_budget_usd: 10,
  monthly_budget_usd: 200,
  user_daily_budget_usd: null,
};

afterEach(() => vi.unstubAllGlobals());

const form = () => screen.getByRole("form", { name: "Models and spend limits" });
const field = (label: RegExp) => within(form()).getByLabelText(label);
const save = () => userEvent.click(within(form()).getByRole("button", { name: "Save limits" }));
const patches = (calls: { url: string; init?: RequestInit }[]) => sentBodies(calls, "PATCH");

describe("TenantLimits", () => {
  it("shows the tenant's allow-list and budgets, empty for no limit", () => {
    renderPage(<TenantLimits tenant={tenant} />);
    expect(field(/^Models/)).toHaveValue("gpt-4o*");
    expect(field(/^Daily budget \(USD\)/)).toHaveValue("10");
    expect(field(/^Monthly budget/)).toHaveValue("200");
    expect(field(/^Daily budget per end user/)).toHaveValue("");
    expect(within(form()).getByRole("button", { name: "Save limits" })).toBeDisabled();
  });

  it("saves only the changed fields, an emptied budget as null, and shows what was stored", async () => {
    const stored = { ...tenant, models: ["gpt-4o*", "claude-3*"], monthly_budget_usd: null, user_daily_budget_usd: 2.5 };
    const fetch = fakeFetch({ "PATCH /v1/tenants/acme": { body: stored } });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<TenantLimits tenant={tenant} />);
    await userEvent.type(field(/^Models/), ", claude-3*");
    await userEvent.clear(field(/^Monthly budget/));
    await userEvent.type(field(/^Daily budget per end user/), "2.5");
    await save();
    await screen.findByRole("status");
    expect(patches(fetch.calls)).toEqual([
      { path: "/v1/tenants/acme", body: { models: ["gpt-4o*", "claude-3*"], monthly_budget_usd: null, user_daily_budget_usd: 2.5 } },
    ]);
    expect(screen.getByRole("status")).toHaveTextContent("Saved.");
    expect(field(/^Daily budget per end user/)).toHaveValue("2.5");
  });

  it("names an invalid budget and sends nothing", async () => {
    const fetch = fakeFetch({});
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<TenantLimits tenant={tenant} />);
    await userEvent.clear(field(/^Daily budget \(USD\)/));
    await userEvent.type(field(/^Daily budget \(USD\)/), "ten");
    await save();
    expect(await within(form()).findByText(/A number of US dollars, 0 or more, with at most 6 decimals/)).toBeInTheDocument();
    expect(patches(fetch.calls)).toEqual([]);
    await userEvent.clear(field(/^Daily budget \(USD\)/));
    expect(within(form()).queryByText(/A number of US dollars/)).toBeNull();
  });

  it("shows the API's refusal as it says", async () => {
    const message = "'models' entries must not have surrounding spaces or control characters";
    const fetch = fakeFetch({ "PATCH /v1/tenants/acme": { status: 400, body: { error: { message, code: "invalid_request", param: "models" } } } });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<TenantLimits tenant={tenant} />);
    await userEvent.type(field(/^Models/), ", gpt-4o-mini");
    await save();
    const alert = await within(form()).findByRole("alert");
    expect(alert).toHaveTextContent("Request failed");
    expect(alert).toHaveTextContent(message);
  });
});
