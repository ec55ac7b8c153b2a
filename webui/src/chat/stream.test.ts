import { describe, expect, it } from "vitest";
import { readChatStream, type ChatEvent } from "./stream";

function sse(...frames: string[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(frames.join(""));
  // Split in odd places: a frame may arrive across several network reads.
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 7) {
        controller.enqueue(bytes.slice(i, i + 7));
      }
      controller.close();
    },
  });
}

describe("readChatStream", () => {
  it("turns chunks, tool events, heartbeats and [DONE] into events in order", async () => {
    const events: ChatEvent[] = [];
    await readChatStream(
      sse(
        'data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n',
        ": ping\n\n",
        'event: hermes.tool_started\ndata: {"choices":[],"hermes":{"type":"tool_started","tool":"web_fetch","tool_call_id":"call_1"}}\n\n',
        'event: hermes.tool_finished\ndata: {"choices":[],"hermes":{"type":"tool_finished","tool":"web_fetch","tool_call_id":"call_1","status":"success"}}\n\n',
        'data: {"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}\n\n',
        'data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}\n\n',
        'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
        "data: [DONE]\n\n",
      ),
      (e) => events.push(e),
    );
    expect(events).toEqual([
      { kind: "tool", phase: "tool_started", tool: "web_fetch", toolCallId: "call_1", status: undefined },
      { kind: "tool", phase: "tool_finished", tool: "web_fetch", toolCallId: "call_1", status: "success" },
      { kind: "delta", text: "Hel" },
      { kind: "delta", text: "lo" },
      { kind: "finish", reason: "stop" },
      { kind: "done" },
    ]);
  });

  it("reports an error event with the API's own message", async () => {
    const events: ChatEvent[] = [];
    await readChatStream(
      sse('event: error\ndata: {"error":{"message":"Daily token budget exhausted","type":"rate_limit","code":"budget_exceeded"}}\n\n'),
      (e) => events.push(e),
    );
    expect(events).toHaveLength(1);
    const e = events[0];
    expect(e.kind === "error" && e.error.message).toBe("Daily token budget exhausted");
    expect(e.kind === "error" && e.error.code).toBe("budget_exceeded");
  });
});
