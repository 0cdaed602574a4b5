import { reactive } from 'vue';
import type { components } from './api/schema';
import { isRole, type Role } from './menu';

export type User = components['schemas']['UserView'];

interface StoredSession {
  token: string;
  expiresAt: string;
  user: User;
}

const KEY = 'dcl.console.session';

/**
 * The logged-in user. The token lives in sessionStorage (gone with the tab, never shared across tabs) and the session
 * ends at the token's expiry; any 401 from the API ends it too (api/client.ts).
 */
export const session = reactive<{ current: StoredSession | null; endedBecause: string | null }>({
  current: restore(),
  endedBecause: null,
});

let expiryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners: Array<(reason: string) => void> = [];

function restore(): StoredSession | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StoredSession | null;
    if (!stored || !isRole(stored.user?.role) || Date.parse(stored.expiresAt) <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

export function startSession(token: string, expiresAt: string, user: User): void {
  session.current = { token, expiresAt, user };
  session.endedBecause = null;
  sessionStorage.setItem(KEY, JSON.stringify(session.current));
  armExpiry();
}

/** Ends the session; `reason` is shown on the login page (nothing for a plain logout). */
export function endSession(reason: string | null = null): void {
  const wasActive = session.current !== null;
  session.current = null;
  session.endedBecause = reason;
  sessionStorage.removeItem(KEY);
  clearTimeout(expiryTimer);
  if (wasActive && reason) for (const listener of listeners) listener(reason);
}

/** Called when the session ends by itself (expiry or a 401): the router sends the user to the login page. */
export function onSessionEnded(listener: (reason: string) => void): void {
  listeners.push(listener);
}

export function currentRole(): Role | null {
  const role = session.current?.user.role;
  return isRole(role) ? role : null;
}

function armExpiry(): void {
  clearTimeout(expiryTimer);
  if (!session.current) return;
  // setTimeout holds at most 2^31-1 ms (24.8 days); tokens live hours
  const remaining = Math.min(Date.parse(session.current.expiresAt) - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => endSession('登录已过期，请重新登录。'), Math.max(remaining, 0));
}

armExpiry();
