import { Anchor, Button, Stack, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import type { Session } from "../../api/types";
import { ErrorNotice, when } from "../../components/common";
import { PagedTable } from "../../components/PagedTable";
import { usePaged } from "../../components/usePaged";
import { SessionOwner } from "../../components/SessionOwner";
import { useMe } from "../../auth/AuthContext";
import { capabilities } from "../../auth/permissions";

export function SessionsPage() {
  const can = capabilities(useMe());
  const paged = usePaged<Session>(["sessions"], "/v1/sessions");
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => api(`/v1/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["sessions"] }),
  });
  return (
    <Stack>
      <Title order={3}>Sessions</Title>
      <ErrorNotice error={remove.error} />
      <PagedTable
        paged={paged}
        label="sessions"
        minWidth={720}
        rowKey={(s) => s.id}
        columns={[
          { header: "Session", cell: (s) => (can.chat ? <Anchor component={Link} to={`/chat/${s.id}`}>{s.title || s.id}</Anchor> : s.title || s.id) },
          { header: "Owner", cell: (s) => <SessionOwner userId={s.user_id} /> },
          { header: "Model", cell: (s) => s.model ?? "—" },
          { header: "Messages", cell: (s) => s.message_count },
          { header: "Updated", cell: (s) => when(s.updated_at) },
          {
            cell: (s) =>
              can.chat && (
                <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(s.id)} aria-label={`Delete session ${s.id}`}>
                  Delete
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}
