import { describe, expect, it } from "vitest";
import { byModel } from "./byModel";

const row = (model: string, i: number, o: number) => ({
  session_id: "s", user_id: "u", model, provider: "openai", input_tokens: i, output_tokens: o, cost_usd: 0.5, created_at: "2026-01-01T00:00:00Z",
});

describe("byModel", () => {
  it("sums calls and tokens per model, largest first", () => {
    expect(byModel([row("a", 1, 1), row("b", 10, 10), row("a", 2, 3)])).toEqual([
      { model: "b", calls: 1, input_tokens: 10, output_tokens: 10, cost_usd: 0.5 },
      { model: "a", calls: 2, input_tokens: 3, output_tokens: 4, cost_usd: 1 },
    ]);
  });
});
