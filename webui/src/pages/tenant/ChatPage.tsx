import { useEffect, useState } from "react";
import { Anchor, Badge, Button, Grid, Group, Paper, ScrollArea, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client";
import type { ListResponse, Model, Session, SessionMessage } from "../../api/types";
import { ErrorNotice, QueryView, when } from "../../components/common";
import { newSessionId, useChat, type Turn } from "../../chat/useChat";
import { turnsFromHistory } from "../../chat/history";
import { useMe } from "../../auth/AuthContext";

export function ChatPage() {
  // A tenant admin's list holds every user's sessions: those of others name their owner.
  const me = useMe();
  const { sessionId: routeSession } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  // The session the page opened with: its history is loaded once; a new chat gets its id in the address after the first turn.
  const [reopened] = useState(routeSession);
  const [sessionId] = useState(() => routeSession ?? newSessionId());
  const models = useQuery({ queryKey: ["models"], queryFn: () => api<ListResponse<Model>>("/v1/models") });
  const [model, setModel] = useState<string | null>(null);
  const chosen = model ?? models.data?.data[0]?.id ?? null;
  const chat = useChat(sessionId, chosen);
  const [draft, setDraft] = useState("");
  const history = useQuery({
    queryKey: ["session-messages", reopened],
    enabled: !!reopened,
    queryFn: () => api<ListResponse<SessionMessage>>(`/v1/sessions/${encodeURIComponent(reopened!)}/messages`, { query: { limit: 500 } }),
  });
  const sessions = useQuery({ queryKey: ["sessions", 0], queryFn: () => api<ListResponse<Session>>("/v1/sessions", { query: { limit: 20 } }) });

  const { setTurns } = chat;
  useEffect(() => {
    if (history.data) {
      setTurns(turnsFromHistory(history.data.data));
    }
  }, [history.data, setTurns]);

  const submit = async () => {
    const text = draft.trim();
    if (!text || chat.streaming) {
      return;
    }
    setDraft("");
    await chat.sendMessage(text);
    if (!routeSession) {
      navigate(`/chat/${sessionId}`, { replace: true });
    }
    queries.invalidateQueries({ queryKey: ["sessions"] });
  };

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Stack>
          <Group justify="space-between">
            <Title order={3}>Chat</Title>
            <Group gap="xs">
              <Select
                label="Model"
                aria-label="Model"
                data={models.data?.data.map((m) => m.id) ?? []}
                value={chosen}
                onChange={setModel}
                placeholder={models.isPending ? "Loading models…" : "Choose a model"}
                allowDeselect={false}
                w={220}
              />
              <Button variant="default" mt={24} component={Link} to="/chat" reloadDocument>
                New chat
              </Button>
            </Group>
          </Group>
          <ErrorNotice error={models.error} />
          <ErrorNotice error={history.error} />
          <Paper withBorder p="sm" mih={300}>
            <ScrollArea.Autosize mah="60vh">
              <Stack gap="sm" aria-live="polite" data-testid="transcript">
                {chat.turns.length === 0 && <Text c="dimmed">Send a message to start. Enter sends, Shift+Enter adds a line.</Text>}
                {chat.turns.map((t, i) => (
                  <TurnView key={i} turn={t} sessionId={sessionId} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
          <Textarea
            label="Message"
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void submit();
              }
            }}
            autosize
            minRows={2}
            maxRows={8}
          />
          <Group justify="flex-end">
            {chat.streaming && (
              <Button color="red" variant="light" onClick={chat.stop}>
                Stop
              </Button>
            )}
            <Button onClick={() => void submit()} loading={chat.streaming} disabled={!draft.trim()}>
              Send
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Title order={5} mb="xs">
          Recent sessions
        </Title>
        <QueryView query={sessions} label="sessions" isEmpty={(s) => s.data.length === 0}>
          {(s) => (
            <Stack gap={4}>
              {s.data.map((x) => (
                <Anchor key={x.id} component={Link} to={`/chat/${x.id}`} reloadDocument size="sm" data-testid="recent-session">
                  {x.title || x.id} <Text span size="xs" c="dimmed">{when(x.updated_at)}</Text>
                  {x.user_id !== me.identity && (
                    <Text span size="xs" c="dimmed" display="block">
                      owner <code>{x.user_id}</code>
                    </Text>
                  )}
                </Anchor>
              ))}
            </Stack>
          )}
        </QueryView>
      </Grid.Col>
    </Grid>
  );
}

function TurnView({ turn, sessionId }: { turn: Turn; sessionId: string }) {
  return (
    <Paper p="xs" bg={turn.role === "user" ? "blue.0" : "gray.0"} data-role={turn.role}>
      <Text size="xs" fw={700} c="dimmed">
        {turn.role === "user" ? "You" : "Assistant"}
      </Text>
      {turn.tools.map((m) => (
        <Group key={m.toolCallId} gap="xs" data-testid="tool-event">
          <Badge color={m.status === "running" ? "yellow" : m.status === "success" ? "teal" : "red"} variant="light">
            tool {m.tool}: {m.status === "running" ? "running…" : m.status}
          </Badge>
          {m.status !== "running" && (
            <Anchor size="xs" component={Link} to={`/receipts?session_id=${encodeURIComponent(sessionId)}&tool_name=${encodeURIComponent(m.tool)}`}>
              receipt
            </Anchor>
          )}
        </Group>
      ))}
      <Text style={{ whiteSpace: "pre-wrap" }} data-testid={turn.role === "assistant" ? "assistant-text" : undefined}>
        {turn.text}
      </Text>
      {turn.stopped && (
        <Text size="xs" c="orange">
          Stopped.
        </Text>
      )}
      {turn.error && <ErrorNotice error={turn.error} />}
    </Paper>
  );
}
