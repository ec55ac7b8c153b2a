import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AuditTable } from "./AuditTable";
import { renderPage } from "../test/render";
import type { AuditEntry } from "../api/types";

const entry = (id: number, action: string, status: number): AuditEntry => ({
  id,
  tenant_id: "acme",
  actor: "key_4427",
  auth_method: "api_key",
  action,
  status,
  latency_ms: 2,
  request_id: `req_${id}`,
  trace_id: null,
  source_ip: null,
  user_agent: null,
  detail: null,
  created_at: "2026-01-01T00:00:00Z",
});

const write = entry(1, "POST /v1/chat/completions", 200);
const poll = entry(2, "GET /v1/metrics", 200);

/** Answers the audit listing as the API does: exclude_reads=true leaves the successful read out. */
function stubAudit(path: string) {
  const asked: URL[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://console.test");
    if (url.pathname !== path) {
      return new Response(JSON.stringify({ error: { message: `no route ${url.pathname}`, code: "not_found" } }), { status: 404 });
    }
    asked.push(url);
    const data = url.searchParams.get("exclude_reads") === "true" ? [write] : [write, poll];
    return new Response(JSON.stringify({ object: "list", data, limit: 25, offset: 0, has_more: false }), { headers: { "Content-Type": "application/json" } });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe("AuditTable", () => {
  it("hides routine reads by default and shows everything once the switch is off", async () => {
    const asked = stubAudit("/v1/audit-logs");
    renderPage(<AuditTable platform={false} />);
    expect(await screen.findByRole("cell", { name: "POST /v1/chat/completions" })).toBeInTheDocument();
    expect(screen.queryByRole("cell", { name: "GET /v1/metrics" })).not.toBeInTheDocument();
    expect(asked[0].searchParams.get("exclude_reads")).toBe("true");
    const toggle = screen.getByRole("switch", { name: /^Hide routine reads/ });
    expect(toggle).toBeChecked();

    await userEvent.click(toggle);
    expect(await screen.findByRole("cell", { name: "GET /v1/metrics" })).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
    expect(asked.at(-1)!.searchParams.has("exclude_reads")).toBe(false);
  });

  it("filters the platform log the same way, with the tenant column", async () => {
    const asked = stubAudit("/admin/v1/audit-logs");
    renderPage(<AuditTable platform />);
    expect(await screen.findByRole("cell", { name: "POST /v1/chat/completions" })).toBeInTheDocument();
    expect(asked[0].searchParams.get("exclude_reads")).toBe("true");
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["When", "Tenant", "Actor", "Action", "Status", "Latency"]);
  });
});
