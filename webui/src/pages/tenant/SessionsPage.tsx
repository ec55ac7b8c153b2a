import { Anchor, Button, Stack, Table, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { Session } from "../../api/types";
import { ErrorNotice, Pager, QueryView, when } from "../../components/common";
import { PAGE, usePaged } from "../../components/usePaged";
import { useMe } from "../../auth/AuthContext";
import { capabilities } from "../../auth/permissions";

export function SessionsPage() {
  const can = capabilities(useMe());
  const { query, offset, setOffset } = usePaged<Session>(["sessions"], "/v1/sessions");
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => api(`/v1/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["sessions"] }),
  });
  return (
    <Stack>
      <Title order={3}>Sessions</Title>
      <ErrorNotice error={remove.error} />
      <QueryView query={query} label="sessions" isEmpty={(d) => d.data.length === 0 && offset === 0}>
        {(d) => (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Session</Table.Th>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Model</Table.Th>
                    <Table.Th>Messages</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.data.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{can.chat ? <Anchor component={Link} to={`/chat/${s.id}`}>{s.title || s.id}</Anchor> : s.title || s.id}</Table.Td>
                      <Table.Td>{s.user_id}</Table.Td>
                      <Table.Td>{s.model ?? "—"}</Table.Td>
                      <Table.Td>{s.message_count}</Table.Td>
                      <Table.Td>{when(s.updated_at)}</Table.Td>
                      <Table.Td>
                        {can.chat && (
                          <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(s.id)} aria-label={`Delete session ${s.id}`}>
                            Delete
                          </Button>
                        )}
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
