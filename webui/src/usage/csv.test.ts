import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header and quotes only what needs quoting", () => {
    const csv = toCsv(
      [
        { model: "gpt-4o", requests: 3 },
        { model: 'a "quoted", model', requests: 1 },
      ],
      ["model", "requests"],
    );
    expect(csv).toBe('model,requests\r\ngpt-4o,3\r\n"a ""quoted"", model",1\r\n');
  });
});
