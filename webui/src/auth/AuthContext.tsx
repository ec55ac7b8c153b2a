import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, onUnauthorized } from "../api/client";
import type { Me } from "../api/types";
import { clearCredential, readCredential, storeCredential } from "./credential";

interface Auth {
  me: Me | null;
  loading: boolean;
  signIn: (credential: string) => Promise<Me>;
  signOut: (notice?: string) => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(() => readCredential() !== null);
  const queries = useQueryClient();
  const navigate = useNavigate();

  const signOut = useCallback(
    (notice?: string) => {
      clearCredential(notice);
      setMe(null);
      queries.clear();
      navigate("/signin", { replace: true });
    },
    [queries, navigate],
  );

  useEffect(() => {
    const stored = readCredential();
    if (stored) {
      api<Me>("/v1/me")
        .then(setMe)
        .catch(() => clearCredential())
        .finally(() => setLoading(false));
    }
  }, []);

  useEffect(
    () => onUnauthorized((e) => signOut(`You were signed out: the API refused your credential (${e.message}). It may have been revoked, rotated or expired.`)),
    [signOut],
  );

  const signIn = useCallback(async (credential: string) => {
    const who = await api<Me>("/v1/me", { bearer: credential.trim() });
    storeCredential(credential);
    setMe(who);
    return who;
  }, []);

  const value = useMemo(() => ({ me, loading, signIn, signOut }), [me, loading, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) {
    throw new Error("useAuth outside AuthProvider");
  }
  return auth;
}

/** The signed-in identity; only used under routes that require one. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) {
    throw new Error("not signed in");
  }
  return me;
}
