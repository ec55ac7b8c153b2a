import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { McpServersPage } from "./McpServersPage";
import { emptyMcpServerForm, mcpServerBody } from "./AddMcpServerModal";
import { fakeFetch, renderPage, sentBodies, sentPaths } from "../../test/render";
import type { McpServer } from "../../api/types";
import { when } from "../../components/common";

const github: McpServer = {
  id: "mcp_1",
  object: "mcp_server",
  server_label: "github",
  server_url: "https://mcp.example.com/mcp",
  allowed_tools: ["create_issue", "list_issues"],
  require_approval: "never",
  header_names: ["X-Api-Key"],
  has_bearer_token: true,
  tools: [{ name: "create_issue", description: "Creates an issue" }, { name: "list_issues" }],
  health: "ok",
  checked_at: "2026-01-02T03:04:05Z",
  created_at: "2026-01-01T00:00:00Z",
};

// As the API sends it: null members left out.
const down: McpServer = {
  id: "mcp_2",
  object: "mcp_server",
  server_label: "down",
  server_url: "https://down.example.com/mcp",
  require_approval: "never",
  header_names: [],
  has_bearer_token: false,
  health: "error",
  health_error: "connection failed: Connection refused",
  checked_at: "2026-01-02T03:04:05Z",
  created_at: "2026-01-01T00:00:00Z",
};

const list = (...data: McpServer[]) => ({ body: { object: "list", data, limit: data.length, offset: 0, has_more: false } });

const rowOf = (label: string) => within(screen.getByRole("table", { name: "MCP servers" })).getByText(label, { exact: true }).closest("tr")!;

/** Types a text into a field at once (typing it key by key is slow in jsdom). */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

/** Opens the add dialog from the page's button. */
async function openAddDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Add server" }));
  return screen.findByRole("dialog", { name: "Add MCP server" });
}

const listings = (calls: { url: string; init?: RequestInit }[]) => sentPaths(calls, "GET").filter((p) => p === "/v1/mcp/servers").length;

afterEach(() => vi.unstubAllGlobals());

describe("McpServersPage", () => {
  it("shows an approval filter object by the tools it lists, not as an object", async () => {
    const gated: McpServer = { ...down, id: "mcp_3", server_label: "gated", require_approval: { never: { tool_names: ["read"] }, always: { tool_names: ["write"] } } };
    vi.stubGlobal("fetch", fakeFetch({ "/v1/mcp/servers": list(gated) }).fn);
    renderPage(<McpServersPage />);
    await screen.findByRole("table", { name: "MCP servers" });
    expect(within(rowOf("gated")).getAllByRole("cell")[3].textContent).toBe("always: write; never: read; others always");
  });

  it("lists each server: label, URL, allowed tools, approval, header names, health, last tool list and checked time", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "/v1/mcp/servers": list(github, down) }).fn);
    renderPage(<McpServersPage />);
    await screen.findByRole("table", { name: "MCP servers" });
    const cells = within(rowOf("github")).getAllByRole("cell").map((c) => c.textContent);
    expect(cells.slice(0, 8)).toEqual([
      "githubmcp_1",
      "https://mcp.example.com/mcp",
      "create_issue, list_issues",
      "never",
      "X-Api-Key, bearer token",
      "ok",
      "create_issue, list_issues",
      when("2026-01-02T03:04:05Z"),
    ]);
    const broken = within(rowOf("down")).getAllByRole("cell").map((c) => c.textContent);
    expect(broken.slice(2, 7)).toEqual(["all", "never", "none", "errorconnection failed: Connection refused", "—"]);
  });

  it("adds a server with its token, a header and allowed tools, then lists again", async () => {
    const fetch = fakeFetch({ "/v1/mcp/servers": list(), "POST /v1/mcp/servers": { status: 201, body: github } });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<McpServersPage />);
    const dialog = await openAddDialog(user);
    await fill(user, within(dialog).getByLabelText(/^Label/), "github");
    await fill(user, within(dialog).getByLabelText(/^URL/), " https://mcp.example.com/mcp ");
    await fill(user, within(dialog).getByLabelText(/^Bearer token/), "tok-secret");
    await user.click(within(dialog).getByRole("button", { name: "Add header" }));
    await fill(user, within(dialog).getByLabelText("Header 1 name"), "X-Api-Key");
    await fill(user, within(dialog).getByLabelText("Header 1 value"), "key-secret");
    await fill(user, within(dialog).getByLabelText(/^Allowed tools/), "create_issue, list_issues");
    await user.click(within(dialog).getByRole("button", { name: "Add server" }));

    await vi.waitFor(() => expect(listings(fetch.calls)).toBe(2));
    expect(sentBodies(fetch.calls, "POST")).toEqual([
      {
        path: "/v1/mcp/servers",
        body: {
          server_label: "github",
          server_url: "https://mcp.example.com/mcp",
          bearer_token: "tok-secret",
          headers: { "X-Api-Key": "key-secret" },
          allowed_tools: ["create_issue", "list_issues"],
        },
      },
    ]);
    await vi.waitFor(() => expect(screen.queryByRole("dialog", { name: "Add MCP server" })).not.toBeInTheDocument());
  });

  it("sends only the label and URL when nothing else is filled, so every tool is allowed", () => {
    expect(mcpServerBody({ ...emptyMcpServerForm, label: "docs", url: "https://docs.example.com/mcp", headers: [{ name: " ", value: "x" }] })).toEqual({
      server_label: "docs",
      server_url: "https://docs.example.com/mcp",
    });
  });

  it("shows the API's refusal as it says it and keeps the dialog open", async () => {
    const refusal = "'server_url' names a host that does not resolve: 'nowhere.invalid'";
    const fetch = fakeFetch({
      "/v1/mcp/servers": list(),
      "POST /v1/mcp/servers": { status: 400, body: { error: { message: refusal, type: "invalid_request_error", code: "invalid_value", param: "server_url" } } },
    });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<McpServersPage />);
    const dialog = await openAddDialog(user);
    await fill(user, within(dialog).getByLabelText(/^Label/), "nowhere");
    await fill(user, within(dialog).getByLabelText(/^URL/), "https://nowhere.invalid/mcp");
    await user.click(within(dialog).getByRole("button", { name: "Add server" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(refusal);
    expect(listings(fetch.calls)).toBe(1);
  });

  it("Test asks the server for its tools now, then shows the list it answered", async () => {
    const routes: Record<string, { status?: number; body: unknown }> = { "/v1/mcp/servers": list(github) };
    const refreshed: McpServer = { ...github, tools: [...github.tools!, { name: "close_issue" }], checked_at: "2026-01-03T00:00:00Z" };
    routes["POST /v1/mcp/servers/mcp_1/refresh"] = { body: refreshed };
    const fetch = fakeFetch(routes);
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<McpServersPage />);
    await screen.findByRole("table", { name: "MCP servers" });
    routes["/v1/mcp/servers"] = list(refreshed);
    await user.click(screen.getByRole("button", { name: "Test github" }));

    await vi.waitFor(() => expect(rowOf("github")).toHaveTextContent("create_issue, list_issues, close_issue"));
    expect(rowOf("github")).toHaveTextContent(when("2026-01-03T00:00:00Z"));
    expect(sentPaths(fetch.calls, "POST")).toEqual(["/v1/mcp/servers/mcp_1/refresh"]);
    await vi.waitFor(() => expect(listings(fetch.calls)).toBe(2));
  });

  it("shows why a Test failed as the API says it", async () => {
    const fetch = fakeFetch({
      "/v1/mcp/servers": list(github),
      "POST /v1/mcp/servers/mcp_1/refresh": { status: 404, body: { error: { message: "No MCP server 'mcp_1'", type: "invalid_request_error", code: "not_found" } } },
    });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<McpServersPage />);
    await user.click(await screen.findByRole("button", { name: "Test github" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No MCP server 'mcp_1'");
  });

  it("removes a server only once the removal is confirmed", async () => {
    const fetch = fakeFetch({ "/v1/mcp/servers": list(github), "DELETE /v1/mcp/servers/mcp_1": { status: 204, body: null } });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<McpServersPage />);
    await user.click(await screen.findByRole("button", { name: "Remove github" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Remove MCP server github" })).getByRole("button", { name: "Cancel" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog", { name: "Remove MCP server github" })).not.toBeInTheDocument());
    expect(sentPaths(fetch.calls, "DELETE")).toEqual([]);

    await user.click(await screen.findByRole("button", { name: "Remove github" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Remove MCP server github" })).getByRole("button", { name: "Remove server" }));
    await vi.waitFor(() => expect(sentPaths(fetch.calls, "DELETE")).toEqual(["/v1/mcp/servers/mcp_1"]));
    // The list is asked for again, so the removed server leaves the page.
    await vi.waitFor(() => expect(listings(fetch.calls)).toBe(2));
  });
});
