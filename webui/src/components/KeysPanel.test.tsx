import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { KeysPanel } from "./KeysPanel";
import { fakeFetch, renderPage, sentBodies } from "../test/render";
import type { ApiKey } from "../api/types";

const key = (id: string, name: string): ApiKey => ({
  id,
  tenant_id: "acme",
  name,
  prefix: "hk_1234",
  roles: ["admin"],
  scopes: ["admin"],
  expires_at: null,
  revoked_at: null,
  created_at: "2026-01-01T00:00:00Z",
  models: null,
  daily_budget_usd: null,
  monthly_budget_usd: null,
});

const list = (data: ApiKey[]) => ({ body: { object: "list", data, limit: 25, offset: 0, has_more: false } });

/** Opens the Edit form of the key named `name`, once the list shows it. */
async function edit(name: string) {
  await userEvent.click(await screen.findByRole("button", { name: `Edit key ${name}` }));
  return screen.findByRole("dialog", { name: `Edit key ${name}` });
}

const patches = (calls: { url: string; init?: RequestInit }[]) => sentBodies(calls, "PATCH");

afterEach(() => vi.unstubAllGlobals());

describe("KeysPanel", () => {
  it("shows each key's id, the name sessions and the audit log know it by", async () => {
    const keys = [key("key_4427aa", "ops"), key("key_9bb1cc", "ci")];
    vi.stubGlobal("fetch", fakeFetch({ "/v1/api-keys": { body: { object: "list", data: keys, limit: 25, offset: 0, has_more: false } } }).fn);
    renderPage(<KeysPanel />);
    const row = (await screen.findByRole("cell", { name: "ops" })).closest("tr")!;
    const headers = screen.getAllByRole("columnheader").map((h) => h.textContent);
    const idColumn = headers.indexOf("Key id");
    expect(idColumn).toBeGreaterThan(-1);
    expect(within(row).getAllByRole("cell")[idColumn]).toHaveTextContent("key_4427aa");
    expect(screen.getByRole("cell", { name: "key_9bb1cc" })).toBeInTheDocument();
  });

  it("shows each key's models, and 'any' for a key without a list", async () => {
    const keys = [{ ...key("key_1", "limited"), models: ["gpt-4o*", "claude-3"] }, key("key_2", "open")];
    vi.stubGlobal("fetch", fakeFetch({ "/v1/api-keys": { body: { object: "list", data: keys, limit: 25, offset: 0, has_more: false } } }).fn);
    renderPage(<KeysPanel />);
    const limited = (await screen.findByRole("cell", { name: "limited" })).closest("tr")!;
    const open = screen.getByRole("cell", { name: "open" }).closest("tr")!;
    const column = screen.getAllByRole("columnheader").map((h) => h.textContent).indexOf("Models");
    expect(within(limited).getAllByRole("cell")[column]).toHaveTextContent("gpt-4o*, claude-3");
    expect(within(open).getAllByRole("cell")[column]).toHaveTextContent("any");
  });

  it("shows each key's USD budgets", async () => {
    const keys = [{ ...key("key_1", "capped"), daily_budget_usd: 5, monthly_budget_usd: 100 }, key("key_2", "open")];
    vi.stubGlobal("fetch", fakeFetch({ "/v1/api-keys": list(keys) }).fn);
    renderPage(<KeysPanel />);
    const capped = (await screen.findByRole("cell", { name: "capped" })).closest("tr")!;
    const column = screen.getAllByRole("columnheader").map((h) => h.textContent).indexOf("Budgets (USD)");
    expect(within(capped).getAllByRole("cell")[column]).toHaveTextContent("$5.00 a day · $100.00 a month");
    expect(within(screen.getByRole("cell", { name: "open" }).closest("tr")!).getAllByRole("cell")[column]).toHaveTextContent("no limit");
  });

  it("edits a key's models and budgets, sending only what changed and null for an emptied field", async () => {
    const held = { ...key("key_1", "ci"), models: ["gpt-4o*"], daily_budget_usd: 5 };
    const saved = { ...held, models: null, monthly_budget_usd: 100 };
    const fetch = fakeFetch({ "/v1/api-keys": list([held]), "PATCH /v1/api-keys/key_1": { body: saved } });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<KeysPanel />);
    const dialog = await edit("ci");
    expect(within(dialog).getByRole("button", { name: "Save" })).toBeDisabled();
    expect(within(dialog).getByLabelText(/^Models/)).toHaveValue("gpt-4o*");
    expect(within(dialog).getByLabelText(/^Daily budget/)).toHaveValue("5");
    await userEvent.clear(within(dialog).getByLabelText(/^Models/));
    await userEvent.type(within(dialog).getByLabelText(/^Monthly budget/), "100");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await screen.findByRole("cell", { name: "ci" });
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(patches(fetch.calls)).toEqual([{ path: "/v1/api-keys/key_1", body: { models: null, monthly_budget_usd: 100 } }]);
  });

  it("edits a key of any tenant on the platform admin's route", async () => {
    const base = "/admin/v1/tenants/acme/api-keys";
    const fetch = fakeFetch({ [base]: list([key("key_1", "ci")]), [`PATCH ${base}/key_1`]: { body: key("key_1", "ci") } });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<KeysPanel tenantId="acme" />);
    const dialog = await edit("ci");
    await userEvent.type(within(dialog).getByLabelText(/^Models/), "gpt-4o-mini, claude-3*");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(patches(fetch.calls)).toEqual([{ path: `${base}/key_1`, body: { models: ["gpt-4o-mini", "claude-3*"] } }]));
  });

  it("names an invalid budget in the form and sends nothing", async () => {
    const fetch = fakeFetch({ "/v1/api-keys": list([key("key_1", "ci")]) });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<KeysPanel />);
    const dialog = await edit("ci");
    await userEvent.type(within(dialog).getByLabelText(/^Daily budget/), "1.1234567");
    await userEvent.type(within(dialog).getByLabelText(/^Monthly budget/), "-2");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findAllByText(/A number of US dollars, 0 or more, with at most 6 decimals/)).toHaveLength(2);
    expect(patches(fetch.calls)).toEqual([]);
  });

  it("shows the API's refusal as it says, and keeps the form open", async () => {
    const message = "This credential may call only the models [gpt-4o]: it cannot set a key with no model limit";
    const fetch = fakeFetch({
      "/v1/api-keys": list([{ ...key("key_1", "ci"), models: ["gpt-4o"] }]),
      "PATCH /v1/api-keys/key_1": { status: 403, body: { error: { message, code: "forbidden", request_id: "req_1" } } },
    });
    vi.stubGlobal("fetch", fetch.fn);
    renderPage(<KeysPanel />);
    const dialog = await edit("ci");
    await userEvent.clear(within(dialog).getByLabelText(/^Models/));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Not allowed for your role or key");
    expect(alert).toHaveTextContent(message);
    expect(screen.getByRole("dialog", { name: "Edit key ci" })).toBeInTheDocument();
  });
});
