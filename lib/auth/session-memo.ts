import type { SessionClaims } from "./session-claims";

/**
 * Decrypted session cookies, keyed by a hash of the cookie (see `sessionClaims`). It holds
 * what a cookie says, never whether that is still a session: the epoch is compared with the
 * user's on every request. On globalThis: Next bundles modules separately for route
 * handlers, pages and server actions, and a bump in one must clear what the others hold.
 */
export type RememberedClaims = SessionClaims & { until: number };

export const rememberedSessions: Map<string, RememberedClaims> = ((globalThis as { __sessionClaims?: Map<string, RememberedClaims> }).__sessionClaims ??= new Map());

/** Drops every cookie remembered for the user: their sessions were just ended. */
export function forgetRememberedSessionsOf(userId: string): void {
  for (const [key, entry] of rememberedSessions) if (entry.userId === userId) rememberedSessions.delete(key);
}
