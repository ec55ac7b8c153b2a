import { Center, Loader } from "@mantine/core";
import { Navigate, Route, Routes } from "react-router";
import { useAuth } from "./auth/AuthContext";
import { capabilities, homePath } from "./auth/permissions";
import { Layout } from "./components/Layout";
import { SignInPage } from "./pages/SignInPage";
import { BootstrapPage } from "./pages/BootstrapPage";
import { lazy, type ReactNode } from "react";

// Pages load on first visit: a user signs in to one side (platform or tenant) and never downloads the other.
const ChatPage = lazy(() => import("./pages/tenant/ChatPage").then((m) => ({ default: m.ChatPage })));
const MemoriesPage = lazy(() => import("./pages/tenant/MemoriesPage").then((m) => ({ default: m.MemoriesPage })));
const SessionsPage = lazy(() => import("./pages/tenant/SessionsPage").then((m) => ({ default: m.SessionsPage })));
const KeysPage = lazy(() => import("./pages/tenant/KeysPage").then((m) => ({ default: m.KeysPage })));
const RunsPage = lazy(() => import("./pages/tenant/RunsPage").then((m) => ({ default: m.RunsPage })));
const WebhooksPage = lazy(() => import("./pages/tenant/WebhooksPage").then((m) => ({ default: m.WebhooksPage })));
const McpServersPage = lazy(() => import("./pages/tenant/McpServersPage").then((m) => ({ default: m.McpServersPage })));
const SkillsPage = lazy(() => import("./pages/tenant/SkillsPage").then((m) => ({ default: m.SkillsPage })));
const PersonaPage = lazy(() => import("./pages/tenant/PersonaPage").then((m) => ({ default: m.PersonaPage })));
const UsagePage = lazy(() => import("./pages/tenant/UsagePage").then((m) => ({ default: m.UsagePage })));
const ReceiptsPage = lazy(() => import("./pages/tenant/ReceiptsPage").then((m) => ({ default: m.ReceiptsPage })));
const AuditPage = lazy(() => import("./pages/tenant/AuditPage").then((m) => ({ default: m.AuditPage })));
const GdprPage = lazy(() => import("./pages/tenant/GdprPage").then((m) => ({ default: m.GdprPage })));
const OverviewPage = lazy(() => import("./pages/admin/OverviewPage").then((m) => ({ default: m.OverviewPage })));
const TenantsPage = lazy(() => import("./pages/admin/TenantsPage").then((m) => ({ default: m.TenantsPage })));
const TenantDetailPage = lazy(() => import("./pages/admin/TenantDetailPage").then((m) => ({ default: m.TenantDetailPage })));
const AdminUsagePage = lazy(() => import("./pages/admin/AdminUsagePage").then((m) => ({ default: m.AdminUsagePage })));
const AdminAuditPage = lazy(() => import("./pages/admin/AdminAuditPage").then((m) => ({ default: m.AdminAuditPage })));

export function App() {
  const { me, loading } = useAuth();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!me) {
    return (
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/bootstrap" element={<BootstrapPage />} />
        <Route path="*" element={<Navigate to="/signin" replace />} />
      </Routes>
    );
  }
  const can = capabilities(me);
  const gate = (allowed: boolean, page: ReactNode) => (allowed ? page : <Navigate to={homePath(me)} replace />);
  return (
    <Routes>
      <Route path="/bootstrap" element={<BootstrapPage />} />
      <Route element={<Layout />}>
        <Route path="/chat/:sessionId?" element={gate(can.chat, <ChatPage />)} />
        <Route path="/sessions" element={gate(can.sessions, <SessionsPage />)} />
        <Route path="/memories" element={gate(can.memories, <MemoriesPage />)} />
        <Route path="/skills" element={gate(can.skillsRead, <SkillsPage />)} />
        <Route path="/persona" element={gate(can.persona, <PersonaPage />)} />
        <Route path="/keys" element={gate(can.keys, <KeysPage />)} />
        <Route path="/runs" element={gate(can.runs, <RunsPage />)} />
        <Route path="/webhooks" element={gate(can.webhooks, <WebhooksPage />)} />
        <Route path="/mcp" element={gate(can.mcp, <McpServersPage />)} />
        <Route path="/usage" element={gate(can.usage, <UsagePage />)} />
        <Route path="/receipts" element={gate(can.receipts, <ReceiptsPage />)} />
        <Route path="/audit" element={gate(can.audit, <AuditPage />)} />
        <Route path="/gdpr" element={gate(can.gdpr, <GdprPage />)} />
        <Route path="/admin" element={gate(can.platform, <OverviewPage />)} />
        <Route path="/admin/tenants" element={gate(can.platform, <TenantsPage />)} />
        <Route path="/admin/tenants/:tenantId" element={gate(can.platform, <TenantDetailPage />)} />
        <Route path="/admin/usage" element={gate(can.platform, <AdminUsagePage />)} />
        <Route path="/admin/audit" element={gate(can.platform, <AdminAuditPage />)} />
      </Route>
      <Route path="*" element={<Navigate to={homePath(me)} replace />} />
    </Routes>
  );
}
