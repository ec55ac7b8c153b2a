import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { SignInPage } from "./SignInPage";
import { fakeFetch, renderPage } from "../test/render";

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

const page = (
  <Routes>
    <Route path="/signin" element={<SignInPage />} />
    <Route path="*" element={<Where />} />
  </Routes>
);

afterEach(() => vi.unstubAllGlobals());

describe("SignInPage", () => {
  it("keeps an accepted key in sessionStorage only, sends it as a bearer header, and opens the role's home", async () => {
    const api = fakeFetch({
      "/admin/v1/bootstrap/status": { body: { bootstrapped: true, completed_at: "2026-01-01T00:00:00Z" } },
      "/v1/me": { body: { tenant_id: "acme", identity: "k1", roles: ["user"], scopes: ["read", "write", "execute"], auth_method: "api_key" } },
    });
    vi.stubGlobal("fetch", api.fn);
    renderPage(page, "/signin");
    await userEvent.type(screen.getByLabelText(/Platform admin token or API key/), "hk_secret_value");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/chat"));
    expect(sessionStorage.getItem("hermesx.credential")).toBe("hk_secret_value");
    expect(localStorage.length).toBe(0);
    const me = api.calls.find((c) => c.url.endsWith("/v1/me"))!;
    expect(new Headers(me.init?.headers).get("Authorization")).toBe("Bearer hk_secret_value");
    expect(api.calls.every((c) => !c.url.includes("hk_secret_value"))).toBe(true);
  });

  it("shows the API's own message for a refused key and stores nothing", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({
        "/admin/v1/bootstrap/status": { body: { bootstrapped: true, completed_at: null } },
        "/v1/me": { status: 401, body: { error: { message: "API key revoked", code: "unauthorized" } } },
      }).fn,
    );
    renderPage(page, "/signin");
    await userEvent.type(screen.getByLabelText(/Platform admin token or API key/), "hk_revoked");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("API key revoked")).toBeInTheDocument();
    expect(sessionStorage.length).toBe(0);
  });

  it("offers the first-run page only before bootstrap", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "/admin/v1/bootstrap/status": { body: { bootstrapped: false, completed_at: null } } }).fn);
    renderPage(page, "/signin");
    expect(await screen.findByRole("link", { name: "Create the first admin key" })).toBeInTheDocument();
  });
});
