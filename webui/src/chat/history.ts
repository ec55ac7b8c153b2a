import type { SessionMessage } from "../api/types";
import type { Turn } from "./useChat";

/** A stored session as the chat shows it: one assistant turn per reply, its tool calls marked on it. */
export function turnsFromHistory(messages: SessionMessage[]): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    const last = turns[turns.length - 1];
    if (m.role === "user") {
      turns.push({ role: "user", text: m.content, tools: [] });
    } else if (m.role === "assistant") {
      const turn = last?.role === "assistant" ? last : (turns[turns.push({ role: "assistant", text: "", tools: [] }) - 1] as Turn);
      turn.text += m.content ?? "";
      for (const call of m.tool_calls ?? []) {
        turn.tools.push({ toolCallId: call.id, tool: call.function.name, status: "called" });
      }
    } else if (m.role === "tool" && last?.role === "assistant") {
      last.tools = last.tools.map((t) => (t.toolCallId === m.tool_call_id ? { ...t, status: "finished" } : t));
    }
  }
  return turns;
}
