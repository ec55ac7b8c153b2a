import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { SessionsPage } from "./SessionsPage";
import { ChatPage } from "./ChatPage";
import { fakeFetch, renderSignedIn } from "../../test/render";
import type { Session } from "../../api/types";

const session = (id: string, userId: string, title: string): Session => ({
  id,
  tenant_id: "acme",
  user_id: userId,
  title,
  model: "fake-gpt",
  message_count: 2,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

// A tenant admin's listing holds every user's sessions.
const routes = {
  "/v1/me": { body: { tenant_id: "acme", identity: "key_admin1", roles: ["admin"], scopes: ["read", "write", "execute", "admin"], auth_method: "api_key" } },
  "/v1/sessions": {
    body: { object: "list", data: [session("sess_1", "key_admin1", "Mine"), session("sess_2", "key_other2", "Theirs")], limit: 25, offset: 0, has_more: false },
  },
  "/v1/models": { body: { object: "list", data: [{ id: "fake-gpt", object: "model" }] } },
};

afterEach(() => vi.unstubAllGlobals());

describe("sessions of a tenant admin", () => {
  it("the sessions list names each session's owner and marks the caller's own", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    renderSignedIn(<SessionsPage />);
    const theirs = (await screen.findByRole("link", { name: "Theirs" })).closest("tr")!;
    const mine = screen.getByRole("link", { name: "Mine" }).closest("tr")!;
    const owner = screen.getAllByRole("columnheader").map((h) => h.textContent).indexOf("Owner");
    expect(owner).toBeGreaterThan(-1);
    expect(within(theirs).getAllByRole("cell")[owner]).toHaveTextContent(/^key_other2$/);
    expect(within(mine).getAllByRole("cell")[owner]).toHaveTextContent("key_admin1 (you)");
  });

  it("the chat's recent sessions name the owner of other users' sessions", async () => {
    vi.stubGlobal("fetch", fakeFetch(routes).fn);
    renderSignedIn(<ChatPage />, "/chat");
    const recent = await screen.findAllByTestId("recent-session");
    expect(recent.map((r) => r.textContent)).toEqual([expect.not.stringContaining("owner"), expect.stringContaining("owner key_other2")]);
    expect(recent[1]).toHaveTextContent("Theirs");
  });
});
