import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../api/client";
import type { ListResponse, Skill, SkillDetail } from "../../api/types";
import { ErrorNotice, QueryView, when } from "../../components/common";
import { RowsTable } from "../../components/PagedTable";
import { useMe } from "../../auth/AuthContext";
import { capabilities } from "../../auth/permissions";
import { checkFrontMatter, locateProblem, type SkillProblem } from "../../skills/frontMatter";

const TEMPLATE = "---\nname: my-skill\ndescription: What this skill does\nversion: 1.0.0\n---\n# My skill\n\nInstructions for the agent.\n";

export function SkillsPage() {
  const can = capabilities(useMe());
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ["skills"], queryFn: () => api<ListResponse<Skill>>("/v1/skills") });
  const [editing, setEditing] = useState<{ name: string | null; content: string } | null>(null);
  const [problem, setProblem] = useState<SkillProblem | null>(null);

  const open = async (name: string) => {
    const s = await api<SkillDetail>(`/v1/skills/${encodeURIComponent(name)}`);
    setProblem(null);
    setEditing({ name, content: s.raw });
  };
  const save = useMutation({
    mutationFn: async ({ name, content }: { name: string | null; content: string }) => {
      const local = checkFrontMatter(content);
      if (local) {
        throw local;
      }
      return name
        ? api(`/v1/skills/${encodeURIComponent(name)}`, { method: "PUT", json: { content } })
        : api("/v1/skills", { method: "POST", json: { content } });
    },
    onMutate: () => setProblem(null),
    onSuccess: () => {
      setEditing(null);
      queries.invalidateQueries({ queryKey: ["skills"] });
    },
    onError: (e, vars) => {
      if (e instanceof ApiError && e.status === 400) {
        setProblem(locateProblem(vars.content, e.message, e.param));
      } else if (!(e instanceof ApiError) && "message" in (e as object)) {
        setProblem(e as unknown as SkillProblem);
      }
    },
  });
  const remove = useMutation({
    mutationFn: (name: string) => api(`/v1/skills/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["skills"] }),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Skills</Title>
        {can.skillsWrite && (
          <Button
            onClick={() => {
              setProblem(null);
              setEditing({ name: null, content: TEMPLATE });
            }}
          >
            New skill
          </Button>
        )}
      </Group>
      <ErrorNotice error={remove.error} />
      {editing && (
        <Stack>
          <Title order={4}>{editing.name ? `Edit ${editing.name}` : "New skill"}</Title>
          <Textarea
            label="SKILL.md"
            value={editing.content}
            onChange={(e) => setEditing({ ...editing, content: e.currentTarget.value })}
            autosize
            minRows={10}
            styles={{ input: { fontFamily: "monospace" } }}
            readOnly={!can.skillsWrite}
            error={problem ? (problem.line ? `Line ${problem.line}: ${problem.message}` : problem.message) : undefined}
          />
          {problem && (
            <Alert color="red" title={problem.line ? `Front matter problem at line ${problem.line}` : "SKILL.md refused"} role="alert">
              {problem.message}
            </Alert>
          )}
          {save.error instanceof ApiError && save.error.status !== 400 && <ErrorNotice error={save.error} />}
          <Group>
            {can.skillsWrite && (
              <Button onClick={() => save.mutate(editing)} loading={save.isPending}>
                Save skill
              </Button>
            )}
            <Button variant="default" onClick={() => setEditing(null)}>
              Close
            </Button>
          </Group>
        </Stack>
      )}
      <QueryView query={list} label="skills" isEmpty={(d) => d.data.length === 0}>
        {(d) => (
          <RowsTable
            rows={d.data}
            minWidth={560}
            rowKey={(s) => s.name}
            columns={[
              {
                header: "Name",
                cell: (s) => (
                  <>
                    {s.name} {s.tags.map((t) => <Badge key={t} size="xs" variant="light">{t}</Badge>)}
                  </>
                ),
              },
              { header: "Description", cell: (s) => <Text size="sm">{s.description}</Text> },
              { header: "Version", cell: (s) => s.version ?? "—" },
              { header: "Updated", cell: (s) => when(s.updated_at) },
              {
                cell: (s) => (
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => void open(s.name)} aria-label={`Open skill ${s.name}`}>
                      {can.skillsWrite ? "Edit" : "View"}
                    </Button>
                    {can.skillsWrite && (
                      <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(s.name)} aria-label={`Delete skill ${s.name}`}>
                        Delete
                      </Button>
                    )}
                  </Group>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </Stack>
  );
}
