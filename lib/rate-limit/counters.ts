import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db";
import { rateLimits } from "@/db/schema";

/*
 * Database fixed-window counters, shared by the portal and the engine (which may not import
 * portal code): the portal turns a refusal into a PortalError (lib/portal/rate-limit.ts), the
 * engine into its own JSON answer (lib/engine/auth.ts).
 */

/**
 * One abuse limit: at most `max` counted events per `windowSeconds` for one subject (an IP
 * address, a team, an account). `refusal` is what the person is told, with the wait.
 */
export interface RateLimit {
  scope: string;
  max: number;
  windowSeconds: number;
  refusal: (wait: string) => string;
}

export interface LimitState {
  /** Counted events in the current window, this one included when it was consumed. */
  hits: number;
  /** Over the limit: the event is refused. */
  limited: boolean;
  /** Seconds until the window ends and the count starts again. */
  retryAfterSeconds: number;
}

/** How rows of windows that ended long ago are pruned: now and then, by whoever counts. */
const PRUNE_EVERY = 200;
const PRUNE_AFTER_SECONDS = 24 * 60 * 60;
let sincePrune = 0;

function keyOf(limit: RateLimit, subject: string): string {
  // Subjects come from requests (an IP header, an e-mail): bounded so a key stays an index key.
  return `${limit.scope}:${subject.slice(0, 200)}`;
}

function stateOf(limit: RateLimit, hits: number, windowStart: Date, now: Date): LimitState {
  const ends = windowStart.getTime() + limit.windowSeconds * 1000;
  return { hits, limited: hits > limit.max, retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)) };
}

/**
 * Counts one event and says whether it is over the limit, in one atomic statement, so a burst
 * of parallel requests (from any number of processes) cannot all slip under it.
 */
export async function consume(q: Queryable, limit: RateLimit, subject: string, now = new Date()): Promise<LimitState> {
  const t = rateLimits;
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const expired = sql`${t.windowStart} <= ${new Date(now.getTime() - limit.windowSeconds * 1000).toISOString()}::timestamptz`;
  const [row] = await q
    .insert(t)
    .values({ key: keyOf(limit, subject), windowStart: now, hits: 1 })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${t.hits} + 1 end`,
        windowStart: sql`case when ${expired} then ${nowTs} else ${t.windowStart} end`,
      },
    })
    .returning({ hits: t.hits, windowStart: t.windowStart });
  if (++sincePrune >= PRUNE_EVERY) {
    sincePrune = 0;
    await q.delete(t).where(lt(t.windowStart, new Date(now.getTime() - PRUNE_AFTER_SECONDS * 1000)));
  }
  return stateOf(limit, row!.hits, row!.windowStart, now);
}

/** The limit's state without counting anything: for limits that count only failures. */
export async function peek(q: Queryable, limit: RateLimit, subject: string, now = new Date()): Promise<LimitState> {
  const [row] = await q
    .select({ hits: rateLimits.hits, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(eq(rateLimits.key, keyOf(limit, subject)));
  if (!row || row.windowStart.getTime() + limit.windowSeconds * 1000 <= now.getTime()) return { hits: 0, limited: false, retryAfterSeconds: 0 };
  // Blocked once the count has reached the limit: the next event would be over it.
  return { ...stateOf(limit, row.hits, row.windowStart, now), limited: row.hits >= limit.max };
}

/**
 * Takes one counted event back: for limits that count an attempt before it is checked (so a
 * parallel burst cannot slip past) but mean to count only the attempts that failed.
 */
export async function refund(q: Queryable, limit: RateLimit, subject: string): Promise<void> {
  await q
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(eq(rateLimits.key, keyOf(limit, subject)));
}

/** Forgets a subject's count (a successful sign-in clears its own failures). */
export async function reset(q: Queryable, limit: RateLimit, subject: string): Promise<void> {
  await q.delete(rateLimits).where(and(eq(rateLimits.key, keyOf(limit, subject))));
}

/** "3 minutes", "45 seconds": the wait in words. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
