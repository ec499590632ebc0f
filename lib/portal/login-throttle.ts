import "server-only";
import { eq, sql } from "drizzle-orm";
import { loginThrottles } from "@/db/schema";
import type { Queryable } from "@/db";

/**
 * Password guessing is slowed after a few failures and refused for a while after more.
 * Keyed by e-mail: an attacker can lock an account for LOCK_MINUTES at most, which we accept
 * over letting one address be guessed at full speed.
 */
export const THROTTLE = {
  slowAfter: 3,
  lockAfter: 8,
  windowMinutes: 15,
  lockMinutes: 15,
  stepMs: 250,
  maxDelayMs: 2_000,
} as const;

export type AttemptClaim = { allowed: true; attempt: number } | { allowed: false; until: Date };

/**
 * Counts this attempt *before* the password is checked, in one atomic statement, so a burst
 * of parallel guesses cannot all slip past the limit: only the first `lockAfter` attempts in
 * a window are ever verified. A successful login clears the count.
 */
export async function claimAttempt(q: Queryable, email: string, now = new Date()): Promise<AttemptClaim> {
  const t = loginThrottles;
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - THROTTLE.windowMinutes * 60_000).toISOString()}::timestamptz`;
  const lockedNow = sql`(${t.lockedUntil} is not null and ${t.lockedUntil} > ${nowTs})`;
  const stale = sql`(${t.firstFailureAt} < ${windowStart} or ${t.lockedUntil} is not null)`;
  const [row] = await q
    .insert(t)
    .values({ email, failures: 1, firstFailureAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: t.email,
      set: {
        failures: sql`case when ${lockedNow} then ${t.failures} + 1 when ${stale} then 1 else ${t.failures} + 1 end`,
        firstFailureAt: sql`case when not ${lockedNow} and ${stale} then ${nowTs} else ${t.firstFailureAt} end`,
        lockedUntil: sql`case when ${lockedNow} then ${t.lockedUntil} else null end`,
      },
    })
    .returning({ failures: t.failures, lockedUntil: t.lockedUntil });
  if (row!.lockedUntil && row!.lockedUntil > now) return { allowed: false, until: row!.lockedUntil };
  if (row!.failures > THROTTLE.lockAfter) return { allowed: false, until: await lock(q, email, now) };
  return { allowed: true, attempt: row!.failures };
}

/** After a failed check: the attempt stays counted; the last allowed one starts the lock. */
export async function settleFailure(q: Queryable, email: string, attempt: number, now = new Date()): Promise<{ lockedUntil?: Date }> {
  if (attempt < THROTTLE.lockAfter) return {};
  return { lockedUntil: await lock(q, email, now) };
}

async function lock(q: Queryable, email: string, now: Date): Promise<Date> {
  const until = new Date(now.getTime() + THROTTLE.lockMinutes * 60_000);
  const [row] = await q
    .update(loginThrottles)
    .set({ lockedUntil: sql`coalesce(${loginThrottles.lockedUntil}, ${until.toISOString()}::timestamptz)` })
    .where(eq(loginThrottles.email, email))
    .returning({ lockedUntil: loginThrottles.lockedUntil });
  return row?.lockedUntil ?? until;
}

/** How long to hold the answer to the n-th failed attempt in a window. */
export function failureDelayMs(attempt: number): number {
  const over = attempt - THROTTLE.slowAfter;
  return over <= 0 ? 0 : Math.min(over * THROTTLE.stepMs, THROTTLE.maxDelayMs);
}

export async function clearFailures(q: Queryable, email: string): Promise<void> {
  await q.delete(loginThrottles).where(eq(loginThrottles.email, email));
}
