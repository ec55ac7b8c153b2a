import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ApiError } from "../api/client";

export type ChatEvent =
  | { kind: "delta"; text: string }
  | { kind: "tool"; phase: "tool_started" | "tool_finished"; tool: string; toolCallId: string; status?: string }
  | { kind: "finish"; reason: string }
  | { kind: "error"; error: ApiError }
  | { kind: "done" };

interface Chunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  hermes?: { type: "tool_started" | "tool_finished"; tool: string; tool_call_id: string; status?: string };
  error?: { message: string; code: string; request_id?: string };
}

/** One SSE message of /v1/chat/completions as the console's events. */
export function toEvents(message: EventSourceMessage): ChatEvent[] {
  if (message.data === "[DONE]") {
    return [{ kind: "done" }];
  }
  const chunk = JSON.parse(message.data) as Chunk;
  if (message.event === "error" || chunk.error) {
    const e = chunk.error ?? { message: "The turn failed", code: "error" };
    return [{ kind: "error", error: new ApiError(500, e.message, e.code, null, e.request_id) }];
  }
  if (chunk.hermes) {
    return [{ kind: "tool", phase: chunk.hermes.type, tool: chunk.hermes.tool, toolCallId: chunk.hermes.tool_call_id, status: chunk.hermes.status }];
  }
  const out: ChatEvent[] = [];
  for (const choice of chunk.choices ?? []) {
    if (choice.delta?.content) {
      out.push({ kind: "delta", text: choice.delta.content });
    }
    if (choice.finish_reason) {
      out.push({ kind: "finish", reason: choice.finish_reason });
    }
  }
  return out;
}

/** Reads an SSE body to its end, calling onEvent for each event as it arrives. */
export async function readChatStream(body: ReadableStream<Uint8Array>, onEvent: (e: ChatEvent) => void): Promise<void> {
  const parser = createParser({ onEvent: (m) => toEvents(m).forEach(onEvent) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      parser.feed(decoder.decode());
      return;
    }
    parser.feed(decoder.decode(value, { stream: true }));
  }
}
