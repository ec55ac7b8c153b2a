import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PagedTable } from "./PagedTable";
import { usePaged } from "./usePaged";
import { renderPage } from "../test/render";

interface Thing {
  id: string;
  owner: string;
  size: number;
}

function Things({ showOwner }: { showOwner: boolean }) {
  const paged = usePaged<Thing>(["things"], "/v1/things");
  return (
    <PagedTable
      paged={paged}
      label="things"
      minWidth={400}
      rowKey={(t) => t.id}
      columns={[
        { header: "Thing", cell: (t) => t.id },
        showOwner && { header: "Owner", cell: (t) => t.owner },
        { header: "Size", cell: (t) => `${t.size} B` },
        { cell: (t) => <button aria-label={`Drop ${t.id}`}>Drop</button> },
      ]}
    />
  );
}

/** Answers /v1/things with `pages[offset]`, or a 500 where `pages` is null. */
function stubThings(pages: Record<number, { data: Thing[]; has_more: boolean }> | null) {
  const offsets: number[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://console.test");
    if (url.pathname !== "/v1/things") {
      return new Response(JSON.stringify({ error: { message: "no route", code: "not_found" } }), { status: 404 });
    }
    if (pages === null) {
      return new Response(JSON.stringify({ error: { message: "the store is down", code: "internal_error" } }), { status: 500, headers: { "Content-Type": "application/json" } });
    }
    const offset = Number(url.searchParams.get("offset"));
    offsets.push(offset);
    expect(url.searchParams.get("limit")).toBe("25");
    return new Response(JSON.stringify(pages[offset] ?? { data: [], has_more: false }), { headers: { "Content-Type": "application/json" } });
  });
  return offsets;
}

afterEach(() => vi.unstubAllGlobals());

describe("PagedTable", () => {
  it("heads each shown column, leaves out a dropped one and fills a row per item", async () => {
    stubThings({ 0: { data: [{ id: "a", owner: "ann", size: 3 }, { id: "b", owner: "bob", size: 5 }], has_more: false } });
    renderPage(<Things showOwner={false} />);
    await screen.findByRole("cell", { name: "a" });
    const headers = screen.getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers).toEqual(["Thing", "Size", ""]);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["a", "3 B", "Drop"],
      ["b", "5 B", "Drop"],
    ]);
    expect(screen.getByRole("button", { name: "Drop b" })).toBeInTheDocument();
    expect(screen.queryByText("ann")).not.toBeInTheDocument();
  });

  it("shows an optional column when asked", async () => {
    stubThings({ 0: { data: [{ id: "a", owner: "ann", size: 3 }], has_more: false } });
    renderPage(<Things showOwner />);
    expect(await screen.findByRole("cell", { name: "ann" })).toBeInTheDocument();
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Thing", "Owner", "Size", ""]);
  });

  it("pages by 25 and keeps the pager on an empty later page so one can step back", async () => {
    const offsets = stubThings({ 0: { data: [{ id: "a", owner: "ann", size: 3 }], has_more: true } });
    renderPage(<Things showOwner={false} />);
    await screen.findByRole("cell", { name: "a" });
    expect(screen.getByText("1–1")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Previous page" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("none")).toBeInTheDocument();
    expect(screen.queryByText("No things yet.")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByRole("cell", { name: "a" })).toBeInTheDocument();
    expect(offsets.slice(0, 2)).toEqual([0, 25]);
  });

  it("says an empty first page is empty, without a table or pager", async () => {
    stubThings({ 0: { data: [], has_more: false } });
    renderPage(<Things showOwner={false} />);
    expect(await screen.findByText("No things yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Next page" })).not.toBeInTheDocument();
  });

  it("shows the API's message when the list fails", async () => {
    stubThings(null);
    renderPage(<Things showOwner={false} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("the store is down");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });
});
