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

export type ThrottleState = { locked: false; failures: number } | { locked: true; until: Date };

export async function throttleState(q: Queryable, email: string, now = new Date()): Promise<ThrottleState> {
  const [row] = await q.select().from(loginThrottles).where(eq(loginThrottles.email, email));
  if (!row) return { locked: false, failures: 0 };
  if (row.lockedUntil && row.lockedUntil > now) return { locked: true, until: row.lockedUntil };
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  if (row.firstFailureAt < windowStart || row.lockedUntil) return { locked: false, failures: 0 };
  return { locked: false, failures: row.failures };
}

/** How long to hold the answer to a failed attempt, given failures before this one. */
export function failureDelayMs(previousFailures: number): number {
  const over = previousFailures + 1 - THROTTLE.slowAfter;
  return over <= 0 ? 0 : Math.min(over * THROTTLE.stepMs, THROTTLE.maxDelayMs);
}

export async function recordFailure(q: Queryable, email: string, now = new Date()): Promise<ThrottleState> {
  const state = await throttleState(q, email, now);
  const failures = state.locked ? THROTTLE.lockAfter : state.failures + 1;
  const lockedUntil = failures >= THROTTLE.lockAfter ? new Date(now.getTime() + THROTTLE.lockMinutes * 60_000) : null;
  await q
    .insert(loginThrottles)
    .values({ email, failures, firstFailureAt: now, lockedUntil })
    .onConflictDoUpdate({
      target: loginThrottles.email,
      set: {
        failures,
        lockedUntil,
        // A new window starts when the previous one had expired (failures reset to 1).
        firstFailureAt: failures === 1 ? now : sql`${loginThrottles.firstFailureAt}`,
      },
    });
  return lockedUntil ? { locked: true, until: lockedUntil } : { locked: false, failures };
}

export async function clearFailures(q: Queryable, email: string): Promise<void> {
  await q.delete(loginThrottles).where(eq(loginThrottles.email, email));
}
