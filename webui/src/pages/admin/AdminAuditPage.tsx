import { AuditTable } from "../../components/AuditTable";

export function AdminAuditPage() {
  return <AuditTable platform />;
}
