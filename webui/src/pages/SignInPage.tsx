import { useState } from "react";
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { homePath } from "../auth/permissions";
import { takeSignOutNotice } from "../auth/credential";
import { api } from "../api/client";
import type { BootstrapStatus } from "../api/types";
import { ErrorNotice } from "../components/common";

export function SignInPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [credential, setCredential] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [notice] = useState(takeSignOutNotice);
  const status = useQuery({ queryKey: ["bootstrap-status"], queryFn: () => api<BootstrapStatus>("/admin/v1/bootstrap/status") });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const me = await signIn(credential);
      navigate(homePath(me), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w="100%" maw={420}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>Sign in to HermesX</Title>
            {notice && (
              <Alert color="orange" title="Signed out" role="status">
                {notice}
              </Alert>
            )}
            <PasswordInput
              label="Platform admin token or API key"
              description="Kept in this tab only (session storage); signing out or closing the tab forgets it."
              value={credential}
              onChange={(e) => setCredential(e.currentTarget.value)}
              autoComplete="off"
              required
            />
            <ErrorNotice error={error} title="Sign-in refused" />
            <Button type="submit" loading={pending} disabled={!credential.trim()}>
              Sign in
            </Button>
            {status.data && !status.data.bootstrapped && (
              <Text size="sm">
                First run? <Anchor component={Link} to="/bootstrap">Create the first admin key</Anchor>
              </Text>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
