import type { ActingMember } from "./member";

/**
 * The members the polled JSON routes loaded in the last two seconds, per user, in this process
 * (see `getPollingMember`). Kept on globalThis: Next bundles route handlers and server actions
 * apart, and whatever changes a user's active team must be able to drop what the routes hold,
 * so the next poll answers for the new team at once rather than up to two seconds later.
 * Each member carries the session epoch it was read with; a poll whose session names another
 * epoch loads again, and ending a user's sessions drops the entry (session-epoch.ts).
 */
const REMEMBER_MS = 2_000;
const MAX_USERS = 5_000;

type Entry = { member: ActingMember; until: number };
const recent: Map<string, Entry> = ((globalThis as { __pollMembers?: Map<string, Entry> }).__pollMembers ??= new Map());

export function recallPollingMember(userId: string): ActingMember | undefined {
  const hit = recent.get(userId);
  return hit && hit.until > Date.now() ? hit.member : undefined;
}

export function rememberPollingMember(userId: string, member: ActingMember, forMs = REMEMBER_MS): void {
  if (recent.size >= MAX_USERS) recent.clear();
  recent.set(userId, { member, until: Date.now() + forMs });
}

/** The user's active team or role changed: the next poll loads the member again. */
export function forgetPollingMember(userId: string): void {
  recent.delete(userId);
}
