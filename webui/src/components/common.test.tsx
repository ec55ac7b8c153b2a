import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MantineProvider } from "@mantine/core";
import { ErrorNotice, Pager, SecretOnce, TypedConfirm } from "./common";
import { ApiError } from "../api/client";

const wrap = (ui: React.ReactElement) => render(<MantineProvider>{ui}</MantineProvider>);

describe("common components", () => {
  it("shows a secret once with a copy button and the warning", () => {
    wrap(<SecretOnce value="hk_abc" label="New API key" />);
    expect(screen.getByText(/You will not see this again/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy key" })).toBeInTheDocument();
    expect(screen.getByLabelText("New API key")).toHaveTextContent("hk_abc");
  });

  it("enables a destructive action only once the word is typed", async () => {
    const confirm = vi.fn();
    wrap(<TypedConfirm opened onClose={() => {}} word="acme" title="Delete tenant acme" action="Delete tenant" onConfirm={confirm} />);
    const button = await screen.findByRole("button", { name: "Delete tenant" });
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Type acme to confirm"), "acm");
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Type acme to confirm"), "e");
    await userEvent.click(button);
    expect(confirm).toHaveBeenCalledOnce();
  });

  it("names a 403 as a role problem and keeps the API's message", () => {
    wrap(<ErrorNotice error={new ApiError(403, "Usage needs the admin, operator or auditor role of a tenant", "forbidden", null, "req_1")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Not allowed for your role or key");
    expect(screen.getByRole("alert")).toHaveTextContent("Usage needs the admin, operator or auditor role of a tenant");
    expect(screen.getByRole("alert")).toHaveTextContent("req_1");
  });

  it("pages by the limit and stops at the last page", async () => {
    const change = vi.fn();
    wrap(<Pager offset={25} limit={25} count={3} hasMore={false} onChange={change} />);
    expect(screen.getByText("26–28")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next page" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(change).toHaveBeenCalledWith(0);
  });
});
