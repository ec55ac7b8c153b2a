import { useState } from "react";
import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client";
import type { BootstrapResult, BootstrapStatus } from "../api/types";
import { ErrorNotice, QueryView, SecretOnce, when } from "../components/common";

/** First run: the platform token mints the default tenant's first admin key, shown once. */
export function BootstrapPage() {
  const [token, setToken] = useState("");
  const status = useQuery({ queryKey: ["bootstrap-status"], queryFn: () => api<BootstrapStatus>("/admin/v1/bootstrap/status") });
  const bootstrap = useMutation({
    mutationFn: () => api<BootstrapResult>("/admin/v1/bootstrap", { method: "POST", json: {}, bearer: token.trim() }),
  });

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w="100%" maw={560}>
        <Stack>
          <Title order={2}>First run</Title>
          {bootstrap.data ? (
            <>
              <Text>
                Tenant <b>{bootstrap.data.tenant_id}</b> was created with its first admin key:
              </Text>
              <SecretOnce value={bootstrap.data.api_key.key} label="First admin API key" />
              <Anchor component={Link} to="/signin">
                Continue to sign in
              </Anchor>
            </>
          ) : (
            <QueryView query={status} label="bootstrap status">
              {(s) =>
                s.bootstrapped ? (
                  <Text>
                    Bootstrap already ran ({when(s.completed_at)}). <Anchor component={Link} to="/signin">Sign in</Anchor> with an admin key or the platform
                    token.
                  </Text>
                ) : (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      bootstrap.mutate();
                    }}
                  >
                    <Stack>
                      <Text size="sm">
                        Enter the platform admin token (HERMES_ACP_TOKEN) to create the default tenant and its first admin API key. This works once.
                      </Text>
                      <PasswordInput label="Platform admin token" value={token} onChange={(e) => setToken(e.currentTarget.value)} autoComplete="off" required />
                      <ErrorNotice error={bootstrap.error} />
                      <Button type="submit" loading={bootstrap.isPending} disabled={!token.trim()}>
                        Create the first admin key
                      </Button>
                    </Stack>
                  </form>
                )
              }
            </QueryView>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
