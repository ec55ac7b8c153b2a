import { useCallback, useRef, useState } from "react";
import { send, ApiError } from "../api/client";
import { readChatStream } from "./stream";

export interface ToolMark {
  toolCallId: string;
  tool: string;
  status: "running" | string;
}

export interface Turn {
  role: "user" | "assistant";
  text: string;
  tools: ToolMark[];
  error?: ApiError;
  stopped?: boolean;
}

export const newSessionId = () => "sess_" + crypto.randomUUID().replace(/-/g, "");

/** One conversation's turns; streams each answer from /v1/chat/completions and can abort it. */
export function useChat(sessionId: string, model: string | null) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const update = (f: (t: Turn) => Turn) => setTurns((all) => [...all.slice(0, -1), f(all[all.length - 1])]);

  const sendMessage = useCallback(
    async (text: string) => {
      const controller = new AbortController();
      abort.current = controller;
      setStreaming(true);
      setTurns((all) => [...all, { role: "user", text, tools: [] }, { role: "assistant", text: "", tools: [] }]);
      try {
        const response = await send("/v1/chat/completions", {
          method: "POST",
          headers: { "X-Hermes-Session-Id": sessionId, Accept: "text/event-stream" },
          json: { model: model ?? undefined, stream: true, messages: [{ role: "user", content: text }] },
          signal: controller.signal,
        });
        await readChatStream(response.body!, (e) => {
          if (e.kind === "delta") {
            update((t) => ({ ...t, text: t.text + e.text }));
          } else if (e.kind === "tool") {
            update((t) => ({
              ...t,
              tools:
                e.phase === "tool_started"
                  ? [...t.tools, { toolCallId: e.toolCallId, tool: e.tool, status: "running" }]
                  : t.tools.map((m) => (m.toolCallId === e.toolCallId ? { ...m, status: e.status ?? "finished" } : m)),
            }));
          } else if (e.kind === "error") {
            update((t) => ({ ...t, error: e.error }));
          }
        });
      } catch (err) {
        if (controller.signal.aborted) {
          update((t) => ({ ...t, stopped: true }));
        } else {
          update((t) => ({ ...t, error: err instanceof ApiError ? err : new ApiError(0, String(err), "network_error") }));
        }
      } finally {
        abort.current = null;
        setStreaming(false);
      }
    },
    [sessionId, model],
  );

  const stop = useCallback(() => {
    abort.current?.abort();
    // The server stops the turn too (the model call and tools in flight); the connection's end alone may not reach it at once.
    send("/v1/chat/abort", { method: "POST", json: { session_id: sessionId } }).catch(() => undefined);
  }, [sessionId]);

  return { turns, setTurns, streaming, sendMessage, stop };
}
