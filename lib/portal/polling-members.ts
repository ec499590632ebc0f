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
/** How many times anything was forgotten here: a load that saw it change may be stale. */
const forgets: { count: number } = ((globalThis as { __pollMemberForgets?: { count: number } }).__pollMemberForgets ??= { count: 0 });

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
  forgets.count++;
  recent.delete(userId);
}

/**
 * Loads the member with `load` and remembers what it found, for the polls that follow, unless
 * something was forgotten while it loaded: a bump (or a role or team change) committed after
 * the load read the row would otherwise be undone by remembering the member from before it.
 * (The check is process-wide, not per user: a missed remember only costs the next poll a query.)
 */
export async function loadPollingMember(userId: string, load: () => Promise<ActingMember | null>): Promise<ActingMember | null> {
  const before = forgets.count;
  const member = await load();
  if (member && forgets.count === before) rememberPollingMember(userId, member);
  return member;
}
