import { Text } from "@mantine/core";
import { useMe } from "../auth/AuthContext";

/**
 * Who a session belongs to: its user_id, which is the API key's id (`key_…`) or the JWT's `sub`,
 * the same value the audit log shows as the actor. The signed-in caller's own are marked.
 */
export function SessionOwner({ userId }: { userId: string }) {
  const me = useMe();
  return (
    <>
      <code>{userId}</code>
      {userId === me.identity && (
        <Text span size="xs" c="dimmed">
          {" "}
          (you)
        </Text>
      )}
    </>
  );
}
