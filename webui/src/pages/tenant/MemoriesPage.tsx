import { Button, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Memory } from "../../api/types";
import { ErrorNotice, Pager, QueryView, when } from "../../components/common";
import { PAGE, usePaged } from "../../components/usePaged";
import { useMe } from "../../auth/AuthContext";
import { isTenantAdmin } from "../../auth/permissions";

/** Notes the memory tool keeps: a user's own; a tenant admin sees every user's and may narrow to one. */
export function MemoriesPage() {
  const admin = isTenantAdmin(useMe());
  const [user, setUser] = useState("");
  const path = admin && user ? `/v1/memories?user_id=${encodeURIComponent(user)}` : "/v1/memories";
  const { query, offset, setOffset } = usePaged<Memory>(["memories", user], path);
  const queries = useQueryClient();
  const forget = useMutation({
    mutationFn: (m: Memory) =>
      api(`/v1/memories/${encodeURIComponent(m.key)}${admin ? `?user_id=${encodeURIComponent(m.user_id)}` : ""}`, { method: "DELETE" }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["memories"] }),
  });
  return (
    <Stack>
      <Title order={3}>Memories</Title>
      <Text size="sm" c="dimmed">
        Notes the agent's memory tool keeps across sessions{admin ? ", for every user of the tenant" : ""}.
      </Text>
      {admin && (
        <TextInput label="User" placeholder="every user" value={user} onChange={(e) => setUser(e.currentTarget.value.trim())} maw={360} />
      )}
      <ErrorNotice error={forget.error} />
      <QueryView query={query} label="memories" isEmpty={(d) => d.data.length === 0 && offset === 0}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    {admin && <Table.Th>User</Table.Th>}
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Value</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.data.map((m) => (
                    <Table.Tr key={`${m.user_id}/${m.key}`}>
                      {admin && <Table.Td>{m.user_id}</Table.Td>}
                      <Table.Td>{m.key}</Table.Td>
                      <Table.Td>{m.value}</Table.Td>
                      <Table.Td>{when(m.updated_at)}</Table.Td>
                      <Table.Td>
                        <Button size="xs" color="red" variant="subtle" onClick={() => forget.mutate(m)} aria-label={`Forget ${m.key}`}>
                          Forget
                        </Button>
                      </Table.Td>
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
