import { useState, type ReactNode } from "react";
import { Alert, Button, Center, CopyButton, Group, Loader, Modal, Stack, Text, TextInput, Code } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { ApiError } from "../api/client";

/** The API's own message next to what failed; a 403 says plainly that the role does not allow it. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) {
    return null;
  }
  const api = error instanceof ApiError ? error : null;
  const heading = title ?? (api?.status === 403 ? "Not allowed for your role or key" : "Request failed");
  return (
    <Alert color="red" title={heading} role="alert">
      <Text size="sm">{error instanceof Error ? error.message : String(error)}</Text>
      {api?.requestId && (
        <Text size="xs" c="dimmed">
          request id {api.requestId}
        </Text>
      )}
    </Alert>
  );
}

/** Loading, error and empty states of a query, then its content. */
export function QueryView<T>({
  query,
  empty,
  isEmpty,
  children,
  label,
}: {
  query: UseQueryResult<T>;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Center p="md" aria-busy="true">
        <Loader size="sm" aria-label={`Loading ${label}`} />
      </Center>
    );
  }
  if (query.isError) {
    return <ErrorNotice error={query.error} />;
  }
  if (isEmpty?.(query.data)) {
    return (
      <Text c="dimmed" p="md">
        {empty ?? `No ${label} yet.`}
      </Text>
    );
  }
  return <>{children(query.data)}</>;
}

export function Pager({
  offset,
  limit,
  count,
  hasMore,
  onChange,
}: {
  offset: number;
  limit: number;
  count: number;
  hasMore: boolean;
  onChange: (offset: number) => void;
}) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" size="xs" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous page
      </Button>
      <Text size="xs" c="dimmed">
        {count === 0 ? "none" : `${offset + 1}–${offset + count}`}
      </Text>
      <Button variant="default" size="xs" disabled={!hasMore} onClick={() => onChange(offset + limit)}>
        Next page
      </Button>
    </Group>
  );
}

/** A secret shown once: copy button and a clear warning. */
export function SecretOnce({
  value,
  label,
  note = "You will not see this again. HermesX stores only a hash of the key.",
  copyLabel = "Copy key",
}: {
  value: string;
  label: string;
  note?: string;
  copyLabel?: string;
}) {
  return (
    <Stack gap="xs">
      <Alert color="yellow" title="Copy it now">
        {note}
      </Alert>
      <Code block aria-label={label} data-testid="secret-value">
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button onClick={copy} color={copied ? "teal" : "blue"}>
            {copied ? "Copied" : copyLabel}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}

/** A dialog with a form: its fields, the error of the request it sends, and the submit button (Enter submits too). */
export function FormModal({
  opened,
  onClose,
  title,
  onSubmit,
  pending,
  error,
  submit = "Create",
  disabled = false,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  submit?: string;
  /** Nothing to submit yet (an edit form with no change, say). */
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <Stack>
          {children}
          <ErrorNotice error={error} />
          <Button type="submit" loading={pending} disabled={disabled}>
            {submit}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

/** A destructive action that the user confirms by typing a word (the tenant id, say). */
export function TypedConfirm({
  opened,
  onClose,
  word,
  title,
  action,
  onConfirm,
  pending,
  error,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  word: string;
  title: string;
  action: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: unknown;
  children?: ReactNode;
}) {
  const [typed, setTyped] = useState("");
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack>
        {children}
        <TextInput label={`Type ${word} to confirm`} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
        <ErrorNotice error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" disabled={typed !== word} loading={pending} onClick={onConfirm}>
            {action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");
