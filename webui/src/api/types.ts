import type { components } from "./schema";

type Schemas = components["schemas"];

/** Typed from /v1/openapi (src/api/openapi.json, regenerated with `npm run gen:api`). */
export type Me = Schemas["MeResponse"];
export type CreateTenantRequest = Schemas["CreateTenantRequest"];
export type UpdateTenantRequest = Schemas["UpdateTenantRequest"];
export type CreateApiKeyRequest = Schemas["CreateApiKeyRequest"];
export type UpdateApiKeyRequest = Schemas["UpdateApiKeyRequest"];
export type BootstrapStatus = Schemas["BootstrapStatusResponse"];
export type ClusterOverview = Schemas["ClusterOverviewResponse"];

// Written out by hand: the document's schemas of these records are looser than what the API sends
// (lists of strings come out as unknown[], string maps as Record<string, never>); these mirror the
// records the endpoints serialize (src/HermesX.Frontend/**/…Contracts.cs and the *Api.cs files).
export interface ListResponse<T> {
  object: "list";
  data: T[];
  limit: number;
  offset: number;
  has_more: boolean;
}

export interface Tenant {
  id: string;
  name: string;
  plan: string;
  rate_limit_rpm: number;
  max_sessions: number;
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  daily_token_budget: number;
  monthly_token_budget: number;
  max_streams_per_user: number;
  purge_after: string | null;
  /** The model ids or `*` patterns the tenant may call; null: any. */
  models: string[] | null;
  /** USD budgets of the tenant's calls (UTC day, calendar month, each end user a day); null: no limit. */
  daily_budget_usd: number | null;
  monthly_budget_usd: number | null;
  user_daily_budget_usd: number | null;
}

export interface ApiKey {
  id: string;
  tenant_id: string;
  name: string;
  prefix: string;
  roles: string[];
  scopes: string[];
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
  /** The model ids or `*` patterns the key may call; null: any its tenant may. */
  models: string[] | null;
  /** USD budgets of the key's calls (UTC day, calendar month); null: no limit. */
  daily_budget_usd: number | null;
  monthly_budget_usd: number | null;
}

export interface CreatedApiKey extends Omit<ApiKey, "revoked_at"> {
  key: string;
}

/** A webhook endpoint as listed: never its secret. */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  created_at: string;
}

/** The answer to registering an endpoint: the only time its signing secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

/** A tool an MCP server listed at its last contact. */
export interface McpToolInfo {
  name: string;
  description?: string | null;
}

/** A tenant's MCP server as listed: never its credentials, only its header names and whether a bearer token is stored (null members are left out). */
export interface McpServer {
  id: string;
  object: "mcp_server";
  server_label: string;
  server_url: string;
  /** The tool names offered to the model; null: every tool the server lists. */
  allowed_tools?: string[] | null;
  /** "always", "never", or OpenAI's filter object {always?: {tool_names}, never?: {tool_names}}. */
  require_approval: string | { always?: { tool_names: string[] }; never?: { tool_names: string[] } };
  header_names: string[];
  has_bearer_token: boolean;
  /** The tools seen at the last contact that answered; null before any. */
  tools?: McpToolInfo[] | null;
  health: "ok" | "error" | "unknown";
  health_error?: string | null;
  checked_at?: string | null;
  created_at: string;
}

/** The body of POST /v1/mcp/servers: the headers' values and the bearer token are stored encrypted and never shown again. */
export interface CreateMcpServer {
  server_label: string;
  server_url: string;
  headers?: Record<string, string>;
  bearer_token?: string;
  allowed_tools?: string[];
}

/** One event sent to one endpoint; `id` is the webhook-id header every attempt carries. */
export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  event_type: string;
  state: "pending" | "delivered" | "dead";
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface BootstrapResult {
  tenant_id: string;
  api_key: CreatedApiKey;
}

export interface Session {
  id: string;
  tenant_id: string;
  user_id: string;
  title: string | null;
  model: string | null;
  message_count: number;
  created_at: string;
  updated_at: string;
}

export interface Memory {
  user_id: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface SessionMessage {
  seq: number;
  role: string;
  content: string;
  tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[] | null;
  tool_call_id: string | null;
  name: string | null;
  created_at: string;
}

export interface Skill {
  name: string;
  description: string;
  version: string | null;
  tags: string[];
  updated_at: string;
}

export interface SkillDetail extends Skill {
  body: string;
  raw: string;
}

export interface Persona {
  content: string;
  updated_at: string;
}

export interface UsageRow {
  period: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

export interface UsageSummary {
  tenant_id: string;
  granularity: "day" | "month";
  from: string;
  to: string;
  data: UsageRow[];
  total: Omit<UsageRow, "period">;
  budgets: UsageBudgets;
  /** Present when asked with `group_by`. */
  group_by?: UsageDimension[];
  groups?: UsageGroup[];
}

export type UsageDimension = "api_key" | "model" | "deployment" | "user";

/** One combination of the grouped dimensions; a dimension not grouped by (or unknown for the calls) is absent. */
export interface UsageGroup extends Omit<UsageRow, "period"> {
  api_key_id?: string;
  api_key_name?: string;
  model?: string;
  deployment?: string;
  user_id?: string;
}

/** USD budgets (absent: no limit) beside the spend of the UTC day and month so far. */
export interface SpendToDate {
  daily_budget_usd?: number;
  monthly_budget_usd?: number;
  spent_today_usd: number;
  spent_this_month_usd: number;
}

export interface KeyBudget extends SpendToDate {
  id: string;
  name: string;
  revoked: boolean;
}

export interface UsageBudgets extends SpendToDate {
  user_daily_budget_usd?: number;
  api_keys: KeyBudget[];
}

export interface UsageDetail {
  session_id: string;
  user_id: string;
  model: string;
  provider: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  created_at: string;
  api_key_id?: string;
  deployment?: string;
}

export interface TenantUsage extends Omit<UsageRow, "period"> {
  tenant_id: string;
}

export interface Receipt {
  id: string;
  tenant_id: string;
  session_id: string;
  user_id: string;
  tool_name: string;
  idempotency_id: string;
  input: string;
  output: string;
  status: string;
  duration_ms: number;
  trace_id: string | null;
  created_at: string;
}

export interface AuditEntry {
  id: number;
  tenant_id: string;
  actor: string;
  auth_method: string;
  action: string;
  status: number;
  latency_ms: number;
  request_id: string | null;
  trace_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  detail: Record<string, string> | null;
  created_at: string;
}

export interface Model {
  id: string;
  object: string;
  owned_by?: string;
}

/** A background response (`background: true`) as `GET /v1/runs` lists it. */
export interface Run {
  id: string;
  session_id: string;
  user_id: string;
  status: "queued" | "in_progress" | "requires_action" | "completed" | "failed" | "cancelled";
  model: string;
  stream: boolean;
  error: string | null;
  created_at: string;
  ended_at: string | null;
  steps: number;
  events: number;
}

/** One committed step of a run: a model answer asking for tools, or a tool's result. */
export interface RunStep {
  seq: number;
  role: string;
  tool_calls: string[];
  tool_name: string | null;
  preview: string;
  created_at: string;
}

export interface RunDetail {
  run: Run;
  steps: RunStep[];
}

/** A tool call waiting for a person's decision: an `mcp_approval_request` item of a response in `requires_action`. */
export interface ApprovalRequest {
  type: "mcp_approval_request";
  id: string;
  server_label: string;
  name: string;
  arguments: string;
  expires_at: number;
}

/** The part of a response object the Runs page reads: its status and output items. */
export interface ResponseOutput {
  id: string;
  status: string;
  output: ({ type: string } | ApprovalRequest)[];
}
