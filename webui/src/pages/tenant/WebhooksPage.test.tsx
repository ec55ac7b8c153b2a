import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WebhooksPage } from "./WebhooksPage";
import { fakeFetch, renderPage, sentBodies, sentPaths } from "../../test/render";
import type { Webhook, WebhookDelivery } from "../../api/types";

const endpoint: Webhook = { id: "wh_1", url: "https://hooks.example.com/in", events: ["response.completed", "budget.threshold_crossed"], created_at: "2026-01-01T00:00:00Z" };

const delivery = (id: string, state: WebhookDelivery["state"], attempts: number, status: number | null, error: string | null): WebhookDelivery => ({
  id,
  endpoint_id: "wh_1",
  event_type: "budget.threshold_crossed",
  state,
  attempts,
  last_status_code: status,
  last_error: error,
  next_attempt_at: null,
  created_at: "2026-01-01T00:00:00Z",
  delivered_at: state === "delivered" ? "2026-01-01T00:00:01Z" : null,
});

afterEach(() => vi.unstubAllGlobals());

describe("WebhooksPage", () => {
  it("lists each endpoint with its recent deliveries: webhook-id, state, attempts and last answer", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({
        "/v1/webhooks": { body: { object: "list", data: [endpoint], limit: 1, offset: 0, has_more: false } },
        "/v1/webhooks/wh_1/deliveries": {
          body: { object: "list", data: [delivery("msg_ok", "delivered", 3, 200, null), delivery("msg_dead", "dead", 12, 500, "answered HTTP 500")] },
        },
      }).fn,
    );
    renderPage(<WebhooksPage />);
    expect(await screen.findByText("https://hooks.example.com/in")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Deliveries of wh_1" });
    const ok = within(table).getByText("msg_ok").closest("tr")!;
    const dead = within(table).getByText("msg_dead").closest("tr")!;
    expect(ok).toHaveTextContent("delivered");
    expect(ok).toHaveTextContent("HTTP 200");
    expect(within(ok).getAllByRole("cell")[3]).toHaveTextContent("3");
    expect(dead).toHaveTextContent("dead");
    expect(dead).toHaveTextContent("answered HTTP 500");
  });

  it("adds an endpoint with the chosen events and shows its secret once", async () => {
    const fetch = fakeFetch({
      "/v1/webhooks": { body: { object: "list", data: [], limit: 0, offset: 0, has_more: false } },
      "POST /v1/webhooks": { status: 201, body: { ...endpoint, secret: "whsec_c2VjcmV0" } },
    });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<WebhooksPage />);
    await user.click(await screen.findByRole("button", { name: "Add endpoint" }));
    await user.type(await screen.findByLabelText(/URL/), "https://hooks.example.com/in");
    await user.click(screen.getByLabelText("budget.threshold_crossed"));
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByTestId("secret-value")).toHaveTextContent("whsec_c2VjcmV0");
    expect(screen.getByText(/will not see this secret again/)).toBeInTheDocument();
    expect(sentBodies(fetch.calls, "POST")).toEqual([
      { path: "/v1/webhooks", body: { url: "https://hooks.example.com/in", events: ["response.completed", "budget.threshold_crossed"] } },
    ]);
  });

  it("deletes an endpoint", async () => {
    const fetch = fakeFetch({
      "/v1/webhooks": { body: { object: "list", data: [endpoint], limit: 1, offset: 0, has_more: false } },
      "/v1/webhooks/wh_1/deliveries": { body: { object: "list", data: [] } },
      "DELETE /v1/webhooks/wh_1": { status: 204, body: null },
    });
    vi.stubGlobal("fetch", fetch.fn);
    const user = userEvent.setup();
    renderPage(<WebhooksPage />);
    await user.click(await screen.findByRole("button", { name: "Delete endpoint https://hooks.example.com/in" }));
    await vi.waitFor(() => expect(sentPaths(fetch.calls, "DELETE")).toEqual(["/v1/webhooks/wh_1"]));
    // The list is asked for again, so the removed endpoint leaves the page.
    await vi.waitFor(() => expect(sentPaths(fetch.calls, "GET").filter((p) => p === "/v1/webhooks")).toHaveLength(2));
  });
});
