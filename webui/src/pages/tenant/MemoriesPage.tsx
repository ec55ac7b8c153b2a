import { Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { Memory } from "../../api/types";
import { ErrorNotice, when } from "../../components/common";
import { PagedTable } from "../../components/PagedTable";
import { usePaged } from "../../components/usePaged";
import { useMe } from "../../auth/AuthContext";
import { isTenantAdmin } from "../../auth/permissions";

/** Notes the memory tool keeps: a user's own; a tenant admin sees every user's and may narrow to one. */
export function MemoriesPage() {
  const admin = isTenantAdmin(useMe());
  const [user, setUser] = useState("");
  const path = admin && user ? `/v1/memories?user_id=${encodeURIComponent(user)}` : "/v1/memories";
  const paged = usePaged<Memory>(["memories", user], path);
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
      <PagedTable
        paged={paged}
        label="memories"
        minWidth={560}
        rowKey={(m) => `${m.user_id}/${m.key}`}
        columns={[
          admin && { header: "User", cell: (m) => m.user_id },
          { header: "Key", cell: (m) => m.key },
          { header: "Value", cell: (m) => m.value },
          { header: "Updated", cell: (m) => when(m.updated_at) },
          {
            cell: (m) => (
              <Button size="xs" color="red" variant="subtle" onClick={() => forget.mutate(m)} aria-label={`Forget ${m.key}`}>
                Forget
              </Button>
            ),
          },
        ]}
      />
    </Stack>
  );
}
