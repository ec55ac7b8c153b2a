import { describe, expect, it } from "vitest";
import { capabilities, homePath } from "./permissions";
import type { Me } from "../api/types";

const me = (roles: string[], scopes: string[], tenant: string | null = "acme"): Me => ({
  tenant_id: tenant,
  identity: "k1",
  roles,
  scopes,
  auth_method: "api_key",
});

describe("capabilities", () => {
  it("gives a tenant admin every tenant page and no platform page", () => {
    const c = capabilities(me(["admin"], ["read", "write", "execute", "admin", "audit:read", "usage:read", "key:write"]));
    expect(c).toMatchObject({ chat: true, keys: true, webhooks: true, mcp: true, skillsWrite: true, usage: true, audit: true, gdpr: true, platform: false });
  });

  it("keeps a user to chat, sessions and reading skills", () => {
    const c = capabilities(me(["user"], ["read", "write", "execute"]));
    expect(c).toMatchObject({ chat: true, sessions: true, memories: true, skillsRead: true, skillsWrite: false, keys: false, webhooks: false, mcp: false, usage: false, audit: false, gdpr: false });
  });

  it("lets an auditor read audit and usage but not chat", () => {
    const c = capabilities(me(["auditor"], ["read", "audit:read", "usage:read"]));
    expect(c).toMatchObject({ chat: false, audit: true, usage: true, keys: false, webhooks: false, skillsWrite: false });
  });

  it("gives the platform admin platform pages but no tenant pages", () => {
    const admin = me(["platform_admin"], [], null);
    const c = capabilities(admin);
    expect(c).toMatchObject({ platform: true, chat: false, keys: false, skillsRead: false, memories: false });
    expect(homePath(admin)).toBe("/admin");
  });

  it("treats a missing tenant_id (as /v1/me sends it for the platform token) as no tenant", () => {
    const { tenant_id: _omitted, ...rest } = me(["platform_admin"], ["read", "write", "execute", "admin"], null);
    void _omitted;
    const c = capabilities(rest as Me);
    expect(c).toMatchObject({ platform: true, chat: false, sessions: false, keys: false, gdpr: false });
  });

  it("offers memories only with the read scope", () => {
    expect(capabilities(me(["user"], ["execute"])).memories).toBe(false);
  });

  it("opens sessions for a key without the execute scope", () => {
    expect(homePath(me(["auditor"], ["read"]))).toBe("/sessions");
  });
});
