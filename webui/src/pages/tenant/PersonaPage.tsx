import { useState } from "react";
import { Button, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Persona } from "../../api/types";
import { ErrorNotice, QueryView, when } from "../../components/common";
import { useMe } from "../../auth/AuthContext";
import { capabilities } from "../../auth/permissions";

export function PersonaPage() {
  const can = capabilities(useMe());
  const queries = useQueryClient();
  const persona = useQuery({ queryKey: ["persona"], queryFn: () => api<Persona>("/v1/persona") });
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (content: string) => api("/v1/persona", { method: "PUT", json: { content } }),
    onSuccess: () => {
      setDraft(null);
      queries.invalidateQueries({ queryKey: ["persona"] });
    },
  });
  return (
    <Stack>
      <Title order={3}>Persona (SOUL.md)</Title>
      <QueryView query={persona} label="persona">
        {(p) => (
          <>
            <Text size="xs" c="dimmed">
              Updated {when(p.updated_at)}
            </Text>
            <Textarea
              label="Persona"
              value={draft ?? p.content}
              onChange={(e) => setDraft(e.currentTarget.value)}
              autosize
              minRows={8}
              readOnly={!can.skillsWrite}
              styles={{ input: { fontFamily: "monospace" } }}
            />
            <ErrorNotice error={save.error} />
            {can.skillsWrite && (
              <Button onClick={() => save.mutate(draft ?? p.content)} loading={save.isPending} disabled={draft === null}>
                Save persona
              </Button>
            )}
          </>
        )}
      </QueryView>
    </Stack>
  );
}
