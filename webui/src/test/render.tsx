import type { ReactElement, ReactNode } from "react";
import { render } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { AuthProvider, useAuth } from "../auth/AuthContext";

/** Renders a page as the app does: theme, query cache, router at `path`, sign-in state. */
export function renderPage(ui: ReactElement, path = "/") {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={queries}>
        <MemoryRouter initialEntries={[path]}>
          <AuthProvider>{ui}</AuthProvider>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

function SignedIn({ children }: { children: ReactNode }) {
  return useAuth().me ? <>{children}</> : null;
}

/** Renders a page for a signed-in caller: the fetch must answer /v1/me (as the app, the page shows once it has). */
export function renderSignedIn(ui: ReactElement, path = "/") {
  sessionStorage.setItem("hermesx.credential", "hk_test");
  return renderPage(<SignedIn>{ui}</SignedIn>, path);
}

/** A fetch that answers each path (or "METHOD path", which wins) with a JSON body and status (204: no body), and records what was asked. */
export function fakeFetch(routes: Record<string, { status?: number; body: unknown }>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init });
    const path = new URL(url, "http://console.test").pathname;
    const route = routes[`${init?.method ?? "GET"} ${path}`] ?? routes[path];
    if (!route) {
      return new Response(JSON.stringify({ error: { message: `no route ${path}`, code: "not_found" } }), { status: 404 });
    }
    // A 204 carries no body (the Response constructor refuses one).
    return route.status === 204
      ? new Response(null, { status: 204 })
      : new Response(JSON.stringify(route.body), { status: route.status ?? 200, headers: { "Content-Type": "application/json" } });
  };
  return { fn, calls };
}

/** The requests of `method` a fakeFetch recorded: each one's path and JSON body. */
export const sentBodies = (calls: { url: string; init?: RequestInit }[], method: string) =>
  calls.filter((c) => c.init?.method === method).map((c) => ({ path: new URL(c.url, "http://console.test").pathname, body: JSON.parse(String(c.init?.body)) }));

/** The paths of the requests of `method` a fakeFetch recorded, in order. */
export const sentPaths = (calls: { url: string; init?: RequestInit }[], method: string) =>
  calls.filter((c) => c.init?.method === method).map((c) => new URL(c.url, "http://console.test").pathname);
