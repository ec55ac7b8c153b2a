import { AuditTable } from "../../components/AuditTable";

export function AuditPage() {
  return <AuditTable platform={false} />;
}
