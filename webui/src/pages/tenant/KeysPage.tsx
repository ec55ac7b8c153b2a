import { KeysPanel } from "../../components/KeysPanel";

export function KeysPage() {
  return <KeysPanel />;
}
