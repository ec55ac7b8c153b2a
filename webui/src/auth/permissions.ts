import type { Me } from "../api/types";

// Mirrors the API's rules (docs/api.md "HTTP API" and the access table of docs/security.md), so
// nothing is offered that the API would refuse. The API still decides: a 403 is shown as such.
const has = (me: Me, role: string) => me.roles.includes(role);
const scope = (me: Me, s: string) => me.scopes.includes(s);

export const isPlatformAdmin = (me: Me) => has(me, "platform_admin");
// The API leaves tenant_id out (not null) for the platform admin.
export const hasTenant = (me: Me) => typeof me.tenant_id === "string" && me.tenant_id.length > 0;
export const isTenantAdmin = (me: Me) => hasTenant(me) && (has(me, "admin") || isPlatformAdmin(me));

export interface Capabilities {
  chat: boolean;
  sessions: boolean;
  runs: boolean;
  memories: boolean;
  skillsRead: boolean;
  skillsWrite: boolean;
  persona: boolean;
  keys: boolean;
  webhooks: boolean;
  mcp: boolean;
  usage: boolean;
  receipts: boolean;
  audit: boolean;
  gdpr: boolean;
  platform: boolean;
}

export function capabilities(me: Me): Capabilities {
  const tenant = hasTenant(me);
  const admin = isTenantAdmin(me);
  const operator = tenant && (admin || has(me, "operator"));
  const auditor = tenant && (admin || has(me, "auditor"));
  return {
    chat: tenant && scope(me, "execute"),
    sessions: tenant,
    runs: tenant,
    memories: tenant && scope(me, "read"),
    skillsRead: tenant,
    skillsWrite: operator,
    persona: tenant,
    keys: admin,
    webhooks: admin,
    mcp: admin,
    usage: tenant && (operator || auditor || scope(me, "usage:read")),
    receipts: tenant,
    audit: auditor,
    gdpr: admin,
    platform: isPlatformAdmin(me),
  };
}

/** The page to open after signing in. */
export function homePath(me: Me): string {
  if (isPlatformAdmin(me)) {
    return "/admin";
  }
  return capabilities(me).chat ? "/chat" : "/sessions";
}
