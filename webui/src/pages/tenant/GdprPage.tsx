import { useState } from "react";
import { Badge, Button, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, send } from "../../api/client";
import { useMe } from "../../auth/AuthContext";
import { ErrorNotice, QueryView, TypedConfirm, when } from "../../components/common";
import { download } from "../../usage/csv";

interface GdprStatus {
  tenant_id: string;
  status: "active" | "pending_deletion";
  deleted_at: string | null;
  purge_after: string | null;
}

export function GdprPage() {
  const me = useMe();
  const tenant = me.tenant_id!;
  const queries = useQueryClient();
  const status = useQuery({ queryKey: ["gdpr"], queryFn: () => api<GdprStatus>("/v1/gdpr/status") });
  const [confirming, setConfirming] = useState(false);
  const [received, setReceived] = useState<number | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ["gdpr"] });

  const exportData = useMutation({
    mutationFn: async () => {
      setReceived(0);
      const response = await send("/v1/gdpr/export");
      // The export is streamed without a length: progress is the bytes received so far.
      const reader = response.body!.getReader();
      const parts: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        total += value.length;
        setReceived(total);
      }
      download(`hermesx-export-${tenant}.json`, new TextDecoder().decode(await new Blob(parts as BlobPart[]).arrayBuffer()), "application/json");
      return total;
    },
  });
  const remove = useMutation({
    mutationFn: () => api("/v1/gdpr/data", { method: "DELETE", query: { confirm: tenant } }),
    onSuccess: () => {
      setConfirming(false);
      refresh();
    },
  });
  const restore = useMutation({ mutationFn: () => api("/v1/gdpr/restore", { method: "POST" }), onSuccess: refresh });

  return (
    <Stack>
      <Title order={3}>Data rights (GDPR)</Title>
      <QueryView query={status} label="GDPR status">
        {(s) => (
          <Stack>
            <Group>
              <Text>Tenant {s.tenant_id}:</Text>
              <Badge color={s.status === "active" ? "teal" : "red"}>{s.status === "active" ? "active" : "awaiting purge"}</Badge>
              {s.purge_after && <Text size="sm">purged after {when(s.purge_after)}</Text>}
            </Group>
            <Group>
              <Button variant="default" onClick={() => exportData.mutate()} loading={exportData.isPending}>
                Export all data
              </Button>
              {s.status === "active" ? (
                <Button color="red" onClick={() => setConfirming(true)}>
                  Delete all data
                </Button>
              ) : (
                <Button color="teal" onClick={() => restore.mutate()} loading={restore.isPending}>
                  Restore
                </Button>
              )}
            </Group>
            {received !== null && (
              <Stack gap={4}>
                <Progress value={exportData.isPending ? 50 : 100} animated={exportData.isPending} aria-label="Export progress" />
                <Text size="xs">{exportData.isPending ? `Receiving… ${received} bytes` : `Export done: ${received} bytes`}</Text>
              </Stack>
            )}
            <ErrorNotice error={exportData.error ?? restore.error} />
          </Stack>
        )}
      </QueryView>
      <TypedConfirm
        opened={confirming}
        onClose={() => setConfirming(false)}
        word={tenant}
        title="Delete all of this tenant's data"
        action="Delete all data"
        onConfirm={() => remove.mutate()}
        pending={remove.isPending}
        error={remove.error}
      >
        <Text size="sm">Everything is purged after the grace period; until then it can be restored.</Text>
      </TypedConfirm>
    </Stack>
  );
}
