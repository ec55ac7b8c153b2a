import { useState } from "react";
import { Group, Stack, Table, TextInput, Title } from "@mantine/core";
import type { AuditEntry } from "../api/types";
import { Pager, QueryView, when } from "./common";
import { PAGE, usePaged } from "./usePaged";

/** The audit log with its filters and paging: the tenant's (/v1) or the platform's (/admin/v1, any tenant). */
export function AuditTable({ platform }: { platform: boolean }) {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [status, setStatus] = useState("");
  const [tenant, setTenant] = useState("");
  const path = platform ? "/admin/v1/audit-logs" : "/v1/audit-logs";
  const { query, offset, setOffset } = usePaged<AuditEntry>(["audit", path], path, {
    action: action || undefined,
    actor: actor || undefined,
    status: status || undefined,
    tenant_id: platform ? tenant || undefined : undefined,
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
      <QueryView query={query} label="audit entries" isEmpty={(d) => d.data.length === 0 && offset === 0}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={700}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    {platform && <Table.Th>Tenant</Table.Th>}
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Latency</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.data.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>{when(e.created_at)}</Table.Td>
                      {platform && <Table.Td>{e.tenant_id}</Table.Td>}
                      <Table.Td>{e.actor}</Table.Td>
                      <Table.Td>
                        <code>{e.action}</code>
                      </Table.Td>
                      <Table.Td>{e.status}</Table.Td>
                      <Table.Td>{Math.round(e.latency_ms)} ms</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager offset={offset} limit={PAGE} count={d.data.length} hasMore={d.has_more} onChange={setOffset} />
          </>
        )}
      </QueryView>
    </Stack>
  );
}
