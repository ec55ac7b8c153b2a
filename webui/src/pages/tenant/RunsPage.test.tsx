import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RunsPage } from "./RunsPage";
import { fakeFetch, renderSignedIn, sentBodies, sentPaths } from "../../test/render";
import type { Run } from "../../api/types";

const run = (id: string, status: Run["status"], steps: number): Run => ({
  id,
  session_id: "sess_1",
  user_id: "key_admin1",
  status,
  model: "fake-gpt",
  stream: false,
  error: null,
  created_at: "2026-01-01T00:00:00Z",
  ended_at: status === "in_progress" ? null : "2026-01-01T00:01:00Z",
  steps,
  events: 0,
});

const routes = {
  "/v1/me": { body: { tenant_id: "acme", identity: "key_admin1", roles: ["admin"], scopes: ["read", "write", "execute", "admin"], auth_method: "api_key" } },
  "/v1/runs": { body: { object: "list", data: [run("resp_live", "in_progress", 1), run("resp_done", "completed", 2)], limit: 25, offset: 0, has_more: false } },
  "/v1/runs/resp_done": {
    body: {
      run: run("resp_done", "completed", 2),
      steps: [
        { seq: 0, role: "assistant", tool_calls: ["calculator"], tool_name: null, preview: "", created_at: "2026-01-01T00:00:10Z" },
        { seq: 1, role: "tool", tool_calls: [], tool_name: "calculator", preview: "42", created_at: "2026-01-01T00:00:20Z" },
      ],
    },
  },
  "POST /v1/responses/resp_live/cancel": { body: { id: "resp_live", status: "cancelled" } },
};

afterEach(() => vi.unstubAllGlobals());

describe("RunsPage", () => {
  it("lists runs with status and steps, offering cancel only for a running one", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    renderSignedIn(<RunsPage />);
    const live = (await screen.findByText("resp_live")).closest("tr")!;
    const done = screen.getByText("resp_done").closest("tr")!;
    expect(live).toHaveTextContent("in_progress");
    expect(done).toHaveTextContent("completed");
    const steps = screen.getAllByRole("columnheader").map((h) => h.textContent).indexOf("Steps");
    expect(within(done).getAllByRole("cell")[steps]).toHaveTextContent(/^2$/);
    expect(within(live).getByRole("button", { name: "Cancel resp_live" })).toBeInTheDocument();
    expect(within(done).queryByRole("button", { name: /Cancel/ })).toBeNull();
  });

  it("cancels a running run through the Responses API and shows it cancelled", async () => {
    const answers = { ...routes };
    const fake = fakeFetch(answers);
    vi.stubGlobal("fetch", fake.fn);
    const user = userEvent.setup();
    renderSignedIn(<RunsPage />);
    const cancel = await screen.findByRole("button", { name: "Cancel resp_live" });
    // What the API lists once the run is cancelled: the page must read the list again to show it.
    answers["/v1/runs"] = { body: { ...routes["/v1/runs"].body, data: [run("resp_live", "cancelled", 1), run("resp_done", "completed", 2)] } };
    await user.click(cancel);
    await vi.waitFor(() => expect(sentPaths(fake.calls, "POST")).toEqual(["/v1/responses/resp_live/cancel"]));
    const live = screen.getByText("resp_live").closest("tr")!;
    await vi.waitFor(() => expect(live).toHaveTextContent("cancelled"));
    expect(within(live).queryByRole("button", { name: /Cancel/ })).toBeNull();
  });

  it("shows a run's committed steps in its details", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    const user = userEvent.setup();
    renderSignedIn(<RunsPage />);
    await user.click(await screen.findByRole("button", { name: "Details of resp_done" }));
    const table = await screen.findByRole("table", { name: "Steps of resp_done" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("asks for calculator");
    expect(rows[1]).toHaveTextContent("calculator result");
    expect(rows[1]).toHaveTextContent("42");
  });

  it("shows what a stopped run waits for and sends one decision for each call, continuing the run", async () => {
    const answers: Parameters<typeof fakeFetch>[0] = {
      ...routes,
      "/v1/runs": { body: { object: "list", data: [run("resp_wait", "requires_action", 1)], limit: 25, offset: 0, has_more: false } },
      "/v1/runs/resp_wait": { body: { run: run("resp_wait", "requires_action", 1), steps: [] } },
      "/v1/responses/resp_wait": {
        body: {
          id: "resp_wait",
          status: "requires_action",
          output: [
            { type: "mcp_approval_request", id: "apr_1", server_label: "hermes", name: "calculator", arguments: '{"expression":"2+2"}', expires_at: 1767229200 },
            { type: "mcp_approval_request", id: "apr_2", server_label: "github", name: "create_issue", arguments: "{}", expires_at: 1767229200 },
          ],
        },
      },
      "POST /v1/responses": { body: { id: "resp_next", status: "queued" } },
    };
    const fake = fakeFetch(answers);
    vi.stubGlobal("fetch", fake.fn);
    const user = userEvent.setup();
    renderSignedIn(<RunsPage />);
    await user.click(await screen.findByRole("button", { name: "Decide resp_wait" }));
    const table = await screen.findByRole("table", { name: "Approvals of resp_wait" });
    expect(within(table).getAllByRole("row")[0]).toHaveTextContent('calculator{"expression":"2+2"}');
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent("github · create_issue");
    const sendButton = screen.getByRole("button", { name: "Send decisions" });
    await user.click(screen.getByRole("button", { name: "Approve calculator" }));
    // Every call waits for its own decision: the API refuses a continuation that leaves one undecided.
    expect(sendButton).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Deny create_issue" }));
    await user.click(sendButton);
    await vi.waitFor(() =>
      expect(sentBodies(fake.calls, "POST")).toEqual([
        {
          path: "/v1/responses",
          body: {
            model: "fake-gpt",
            previous_response_id: "resp_wait",
            background: true,
            input: [
              { type: "mcp_approval_response", approval_request_id: "apr_1", approve: true },
              { type: "mcp_approval_response", approval_request_id: "apr_2", approve: false },
            ],
          },
        },
      ]),
    );
    expect(await screen.findByText(/the run goes on/)).toBeInTheDocument();
  });
});
