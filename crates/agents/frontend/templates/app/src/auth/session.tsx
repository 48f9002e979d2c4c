// The signed-in user, from `GET /auth/me`. The session itself lives in
// httpOnly cookies set by the identity service; this only mirrors who the
// server says we are, for navigation and for hiding what the user may not do.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { ApiError, setRefresh } from "../api/http";
import { auth, type CurrentUser } from "../app.config";

export type SessionState =
  | { status: "loading"; user: null }
  | { status: "anonymous"; user: null }
  | { status: "signed_in"; user: CurrentUser };

interface Session {
  state: SessionState;
  user: CurrentUser | null;
  /** Re-reads the user after signing in or up. */
  reload(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

setRefresh(async () => {
  try {
    await auth.refresh();
    return true;
  } catch {
    return false;
  }
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading", user: null });

  const reload = useCallback(async () => {
    try {
      const user = await auth.me();
      setState({ status: "signed_in", user });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState({ status: "anonymous", user: null });
      else setState({ status: "anonymous", user: null });
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await auth.signOut();
    } finally {
      setState({ status: "anonymous", user: null });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const value = useMemo(() => ({ state, user: state.user, reload, signOut }), [state, reload, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession needs a SessionProvider");
  return session;
}
