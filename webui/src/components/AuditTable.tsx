import { useState } from "react";
import { Group, Stack, Switch, TextInput, Title } from "@mantine/core";
import type { AuditEntry } from "../api/types";
import { when } from "./common";
import { PagedTable } from "./PagedTable";
import { usePaged } from "./usePaged";

/** The audit log with its filters and paging: the tenant's (/v1) or the platform's (/admin/v1, any tenant). */
export function AuditTable({ platform }: { platform: boolean }) {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [status, setStatus] = useState("");
  const [tenant, setTenant] = useState("");
  // Every request is audited, the console's own 5-second polling included; this only narrows the view.
  const [hideReads, setHideReads] = useState(true);
  const path = platform ? "/admin/v1/audit-logs" : "/v1/audit-logs";
  const paged = usePaged<AuditEntry>(["audit", path], path, {
    action: action || undefined,
    actor: actor || undefined,
    status: status || undefined,
    tenant_id: platform ? tenant || undefined : undefined,
    exclude_reads: hideReads ? "true" : undefined,
  });
  return (
    <Stack>
      <Title order={3}>{platform ? "Platform audit log" : "Audit log"}</Title>
      <Group align="end">
        {platform && <TextInput label="Tenant" value={tenant} onChange={(e) => setTenant(e.currentTarget.value)} />}
        <TextInput label="Action" placeholder="POST /v1/api-keys" value={action} onChange={(e) => setAction(e.currentTarget.value)} />
        <TextInput label="Actor" value={actor} onChange={(e) => setActor(e.currentTarget.value)} />
        <TextInput label="Status" placeholder="403" value={status} onChange={(e) => setStatus(e.currentTarget.value)} w={90} />
      </Group>
      <Switch
        label="Hide routine reads"
        description="Successful GET and HEAD requests, such as the console's own polling. Writes, and reads that were refused or failed, always show."
        checked={hideReads}
        onChange={(e) => setHideReads(e.currentTarget.checked)}
      />
      <PagedTable
        paged={paged}
        label="audit entries"
        minWidth={700}
        rowKey={(e) => e.id}
        columns={[
          { header: "When", cell: (e) => when(e.created_at) },
          platform && { header: "Tenant", cell: (e) => e.tenant_id },
          { header: "Actor", cell: (e) => e.actor },
          { header: "Action", cell: (e) => <code>{e.action}</code> },
          { header: "Status", cell: (e) => e.status },
          { header: "Latency", cell: (e) => `${Math.round(e.latency_ms)} ms` },
        ]}
      />
    </Stack>
  );
}
