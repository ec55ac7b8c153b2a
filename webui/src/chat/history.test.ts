import { describe, expect, it } from "vitest";
import { turnsFromHistory } from "./history";

const msg = (seq: number, role: string, content: string, extra: object = {}) => ({
  seq, role, content, tool_calls: null, tool_call_id: null, name: null, created_at: "2026-01-01T00:00:00Z", ...extra,
});

describe("turnsFromHistory", () => {
  it("folds a reply's tool call, tool result and text into one assistant turn", () => {
    const turns = turnsFromHistory([
      msg(1, "user", "time?"),
      msg(2, "assistant", "", { tool_calls: [{ id: "c1", type: "function", function: { name: "current_time", arguments: "{}" } }] }),
      msg(3, "tool", '{"unix":1}', { tool_call_id: "c1", name: "current_time" }),
      msg(4, "assistant", "It is 1."),
      msg(5, "user", "thanks"),
    ]);
    expect(turns).toEqual([
      { role: "user", text: "time?", tools: [] },
      { role: "assistant", text: "It is 1.", tools: [{ toolCallId: "c1", tool: "current_time", status: "finished" }] },
      { role: "user", text: "thanks", tools: [] },
    ]);
  });
});
