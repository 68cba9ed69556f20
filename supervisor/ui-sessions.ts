import { randomBytes } from 'node:crypto';
import type { Principal } from '../model/roles.js';

/** How long a Web UI sign-in lasts. */
export const UI_SESSION_MS = 12 * 60 * 60_000;

/**
 * Sign-ins to the Temporal Web UI guard, in memory: a random id (the cookie) for who signed in,
 * until it expires. A restarted supervisor forgets them, and people sign in again.
 */
export function createUiSessions(now: () => number = Date.now) {
  const sessions = new Map<string, { principal: Principal; expiresAt: number }>();
  return {
    /** Starts a session for `principal`; returns its id. */
    open(principal: Principal): string {
      for (const [id, session] of sessions) if (session.expiresAt <= now()) sessions.delete(id);
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { principal, expiresAt: now() + UI_SESSION_MS });
      return id;
    },
    /** Who a session id stands for, while it lasts. */
    principalOf(id: string | undefined): Principal | undefined {
      const session = id === undefined ? undefined : sessions.get(id);
      if (!session || session.expiresAt <= now()) return undefined;
      return session.principal;
    },
    close(id: string | undefined): void {
      if (id !== undefined) sessions.delete(id);
    },
  };
}

export type UiSessions = ReturnType<typeof createUiSessions>;
