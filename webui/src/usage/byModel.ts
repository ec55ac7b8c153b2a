import type { UsageDetail } from "../api/types";

export interface ModelUsage {
  model: string;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export function byModel(rows: UsageDetail[]): ModelUsage[] {
  const map = new Map<string, ModelUsage>();
  for (const r of rows) {
    const m = map.get(r.model) ?? { model: r.model, calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
    m.calls += 1;
    m.input_tokens += r.input_tokens;
    m.output_tokens += r.output_tokens;
    m.cost_usd += r.cost_usd;
    map.set(r.model, m);
  }
  return [...map.values()].sort((a, b) => b.input_tokens + b.output_tokens - (a.input_tokens + a.output_tokens));
}
