import parsePrometheusTextFormat from "parse-prometheus-text-format";

/** Totals of one /v1/metrics scrape that the overview charts as rates. */
export interface Sample {
  at: number;
  requests: number;
  errors: number;
  tokens: number;
  activeSessions: number;
}

export interface RatePoint {
  time: string;
  requests_per_s: number;
  errors_per_s: number;
  tokens_per_s: number;
  active_sessions: number;
}

const CHARTED = ["hermes_http_requests_total", "hermes_llm_tokens_total", "hermes_active_sessions"];

/** Only the charted families: the parser trips over some histogram layouts, which the overview does not need. */
function charted(text: string): string {
  return text
    .split("\n")
    .filter((line) => {
      const name = line.startsWith("# ") ? line.split(" ")[2] : line.split(/[{ ]/)[0];
      return CHARTED.includes(name);
    })
    .join("\n") + "\n";
}

export function summarize(text: string, at: number): Sample {
  const families = parsePrometheusTextFormat(charted(text));
  const sum = (name: string, keep: (labels: Record<string, string>) => boolean = () => true) =>
    families
      .filter((f) => f.name === name)
      .flatMap((f) => f.metrics)
      .filter((m) => keep(m.labels ?? {}))
      .reduce((acc, m) => acc + Number(m.value), 0);
  return {
    at,
    requests: sum("hermes_http_requests_total"),
    errors: sum("hermes_http_requests_total", (l) => Number(l.status) >= 500),
    tokens: sum("hermes_llm_tokens_total"),
    activeSessions: sum("hermes_active_sessions"),
  };
}

/** Per-second rates between consecutive samples; a counter that went down (silo restart) counts from zero. */
export function rates(samples: Sample[]): RatePoint[] {
  const out: RatePoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1], samples[i]];
    const secs = (b.at - a.at) / 1000;
    if (secs <= 0) continue;
    const rate = (x: number, y: number) => Math.round(((y >= x ? y - x : y) / secs) * 100) / 100;
    out.push({
      time: new Date(b.at).toLocaleTimeString(),
      requests_per_s: rate(a.requests, b.requests),
      errors_per_s: rate(a.errors, b.errors),
      tokens_per_s: rate(a.tokens, b.tokens),
      active_sessions: b.activeSessions,
    });
  }
  return out;
}
