import { Suspense } from "react";
import { AppShell, Burger, Button, Center, Group, Loader, NavLink, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { NavLink as RouterLink, Outlet, useLocation } from "react-router";
import { useAuth, useMe } from "../auth/AuthContext";
import { capabilities } from "../auth/permissions";
import { apiBaseUrl } from "../config";

export function Layout() {
  const me = useMe();
  const { signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const can = capabilities(me);
  const links: [boolean, string, string][] = [
    [can.platform, "/admin", "Cluster overview"],
    [can.platform, "/admin/tenants", "Tenants"],
    [can.platform, "/admin/usage", "Usage (all tenants)"],
    [can.platform, "/admin/audit", "Platform audit log"],
    [can.chat, "/chat", "Chat"],
    [can.sessions, "/sessions", "Sessions"],
    [can.runs, "/runs", "Runs"],
    [can.memories, "/memories", "Memories"],
    [can.skillsRead, "/skills", "Skills"],
    [can.persona, "/persona", "Persona"],
    [can.keys, "/keys", "API keys"],
    [can.webhooks, "/webhooks", "Webhooks"],
    [can.mcp, "/mcp", "MCP servers"],
    [can.usage, "/usage", "Usage"],
    [can.receipts, "/receipts", "Execution receipts"],
    [can.audit, "/audit", "Audit log"],
    [can.gdpr, "/gdpr", "Data rights (GDPR)"],
  ];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={4}>HermesX</Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" visibleFrom="xs" data-testid="whoami">
              {me.tenant_id ? `${me.tenant_id} · ` : "platform · "}
              {me.roles.join(", ")}
            </Text>
            <Button size="xs" variant="default" onClick={() => signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <Stack gap={2}>
          {links
            .filter(([allowed]) => allowed)
            .map(([, to, label]) => (
              <NavLink
                key={to}
                component={RouterLink}
                to={to}
                end={to === "/admin"}
                label={label}
                active={to === "/admin" ? location.pathname === "/admin" : location.pathname.startsWith(to)}
                onClick={close}
              />
            ))}
          {can.platform && <NavLink href={`${apiBaseUrl()}/dashboard`} target="_blank" rel="noreferrer" label="Orleans Dashboard ↗" />}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading page" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
