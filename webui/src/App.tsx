import { Center, Loader } from "@mantine/core";
import { Navigate, Route, Routes } from "react-router";
import { useAuth } from "./auth/AuthContext";
import { capabilities, homePath } from "./auth/permissions";
import { Layout } from "./components/Layout";
import { SignInPage } from "./pages/SignInPage";
import { BootstrapPage } from "./pages/BootstrapPage";
import { ChatPage } from "./pages/tenant/ChatPage";
import { SessionsPage } from "./pages/tenant/SessionsPage";
import { KeysPage } from "./pages/tenant/KeysPage";
import { SkillsPage } from "./pages/tenant/SkillsPage";
import { PersonaPage } from "./pages/tenant/PersonaPage";
import { UsagePage } from "./pages/tenant/UsagePage";
import { ReceiptsPage } from "./pages/tenant/ReceiptsPage";
import { AuditPage } from "./pages/tenant/AuditPage";
import { GdprPage } from "./pages/tenant/GdprPage";
import { OverviewPage } from "./pages/admin/OverviewPage";
import { TenantsPage } from "./pages/admin/TenantsPage";
import { TenantDetailPage } from "./pages/admin/TenantDetailPage";
import { AdminUsagePage } from "./pages/admin/AdminUsagePage";
import { AdminAuditPage } from "./pages/admin/AdminAuditPage";
import type { ReactNode } from "react";

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
        <Route path="/skills" element={gate(can.skillsRead, <SkillsPage />)} />
        <Route path="/persona" element={gate(can.persona, <PersonaPage />)} />
        <Route path="/keys" element={gate(can.keys, <KeysPage />)} />
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
