import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { KeysPanel, modelList } from "./KeysPanel";
import { fakeFetch, renderPage } from "../test/render";
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
});

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

  it("sends a comma-separated list of models, or null for none", () => {
    expect(modelList(" gpt-4o* , claude-3,, ")).toEqual(["gpt-4o*", "claude-3"]);
    expect(modelList("  ")).toBeNull();
  });
});
