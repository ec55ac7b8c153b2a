import { useState } from "react";
import { Badge, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { CreatedWebhook, ListResponse, Webhook, WebhookDelivery } from "../../api/types";
import { ErrorNotice, FormModal, QueryView, SecretOnce, when } from "../../components/common";

/** The event types an endpoint can ask for (docs/api.md "Webhooks"). */
const EVENT_TYPES = ["response.completed", "response.failed", "response.cancelled", "response.requires_action", "budget.threshold_crossed"];

const STATE_COLORS: Record<WebhookDelivery["state"], string> = { pending: "yellow", delivered: "teal", dead: "red" };

/** A tenant's webhook endpoints with their recent deliveries; a tenant admin adds (the secret shown once) and removes them. */
export function WebhooksPage() {
  const queries = useQueryClient();
  const endpoints = useQuery({ queryKey: ["webhooks"], queryFn: () => api<ListResponse<Webhook>>("/v1/webhooks") });
  const refresh = () => queries.invalidateQueries({ queryKey: ["webhooks"] });
  const [adding, setAdding] = useState(false);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["response.completed"]);
  const [shown, setShown] = useState<CreatedWebhook | null>(null);

  const create = useMutation({
    mutationFn: () => api<CreatedWebhook>("/v1/webhooks", { method: "POST", json: { url, events } }),
    onSuccess: (created) => {
      setAdding(false);
      setShown(created);
      setUrl("");
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/v1/webhooks/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>Webhooks</Title>
        <Button onClick={() => setAdding(true)}>Add endpoint</Button>
      </Group>
      <Text size="sm" c="dimmed">
        Events are POSTed to each endpoint signed with its secret (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature), retried with
        backoff until they are delivered or dead.
      </Text>
      <ErrorNotice error={remove.error} />
      <QueryView query={endpoints} label="webhook endpoints" isEmpty={(l) => l.data.length === 0}>
        {(list) => (
          <Stack>
            {list.data.map((w) => (
              <Card key={w.id} withBorder>
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={2}>
                    <Text fw={600}>
                      <code>{w.url}</code>
                    </Text>
                    <Text size="xs" c="dimmed">
                      {w.id} · {w.events.join(", ")} · added {when(w.created_at)}
                    </Text>
                  </Stack>
                  <Button size="xs" color="red" variant="light" onClick={() => remove.mutate(w.id)} aria-label={`Delete endpoint ${w.url}`}>
                    Delete
                  </Button>
                </Group>
                <Deliveries endpointId={w.id} />
              </Card>
            ))}
          </Stack>
        )}
      </QueryView>
      <FormModal opened={adding} onClose={() => setAdding(false)} title="Add webhook endpoint" onSubmit={() => create.mutate()} pending={create.isPending} error={create.error}>
        <TextInput label="URL" description="https, on a public address" value={url} onChange={(e) => setUrl(e.currentTarget.value)} required />
        <Checkbox.Group label="Events" value={events} onChange={setEvents}>
          <Stack gap={4} mt={4}>
            {EVENT_TYPES.map((t) => (
              <Checkbox key={t} value={t} label={t} />
            ))}
          </Stack>
        </Checkbox.Group>
      </FormModal>
      <Modal opened={shown !== null} onClose={() => setShown(null)} title="Endpoint added">
        {shown && (
          <SecretOnce
            value={shown.secret}
            label="Signing secret"
            note="You will not see this secret again: your endpoint verifies each delivery's webhook-signature with it."
            copyLabel="Copy secret"
          />
        )}
      </Modal>
    </Stack>
  );
}

/** An endpoint's recent deliveries, refreshed while some are pending. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const deliveries = useQuery({
    queryKey: ["webhooks", endpointId, "deliveries"],
    queryFn: () => api<{ object: "list"; data: WebhookDelivery[] }>(`/v1/webhooks/${encodeURIComponent(endpointId)}/deliveries`),
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.state === "pending") ? 5000 : false),
  });
  return (
    <QueryView query={deliveries} label="deliveries" isEmpty={(l) => l.data.length === 0}>
      {(list) => (
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label={`Deliveries of ${endpointId}`} mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>webhook-id</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last answer</Table.Th>
                <Table.Th>Next attempt</Table.Th>
                <Table.Th>Queued</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.event_type}</Table.Td>
                  <Table.Td>
                    <code>{d.id}</code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATE_COLORS[d.state]}>{d.state}</Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>{d.last_error ?? (d.last_status_code !== null ? `HTTP ${d.last_status_code}` : "—")}</Table.Td>
                  <Table.Td>{when(d.next_attempt_at)}</Table.Td>
                  <Table.Td>{when(d.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </QueryView>
  );
}
