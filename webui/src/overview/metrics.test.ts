import { describe, expect, it } from "vitest";
import { rates, summarize } from "./metrics";

const scrape = (ok: number, failed: number, tokens: number, sessions: number) => `# HELP hermes_http_requests_total HTTP requests handled
# TYPE hermes_http_requests_total counter
hermes_http_requests_total{method="GET",path="/v1/me",status="200",tenant_id="acme"} ${ok}
hermes_http_requests_total{method="POST",path="/v1/chat/completions",status="503",tenant_id="acme"} ${failed}
# HELP hermes_http_request_duration_seconds HTTP request duration
# TYPE hermes_http_request_duration_seconds histogram
hermes_http_request_duration_seconds_sum{method="GET",path="/health/ready",tenant_id=""} 0.5
hermes_http_request_duration_seconds_count{method="GET",path="/health/ready",tenant_id=""} 3
hermes_http_request_duration_seconds_bucket{method="GET",path="/health/ready",tenant_id="",le="0.005"} 0
hermes_http_request_duration_seconds_bucket{method="GET",path="/health/ready",tenant_id="",le="0.01"} 0
hermes_http_request_duration_seconds_bucket{method="GET",path="/health/ready",tenant_id="",le="+Inf"} 3
# HELP hermes_llm_tokens_total Model tokens
# TYPE hermes_llm_tokens_total counter
hermes_llm_tokens_total{provider="openai",model="m",direction="input",tenant_id="acme"} ${tokens}
# HELP hermes_active_sessions Session grains active on this silo
# TYPE hermes_active_sessions gauge
hermes_active_sessions{tenant_id="acme"} ${sessions}
`;

describe("overview metrics", () => {
  it("sums requests, server errors, tokens and active sessions", () => {
    expect(summarize(scrape(10, 2, 300, 4), 0)).toEqual({ at: 0, requests: 12, errors: 2, tokens: 300, activeSessions: 4 });
  });

  it("turns consecutive samples into per-second rates", () => {
    const points = rates([summarize(scrape(10, 2, 300, 4), 0), summarize(scrape(20, 4, 800, 5), 5000)]);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ requests_per_s: 2.4, errors_per_s: 0.4, tokens_per_s: 100, active_sessions: 5 });
  });

  it("counts from zero after a counter reset", () => {
    const points = rates([summarize(scrape(100, 0, 0, 0), 0), summarize(scrape(5, 0, 0, 0), 1000)]);
    expect(points[0].requests_per_s).toBe(5);
  });
});
