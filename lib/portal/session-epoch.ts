import "server-only";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
import { forgetRememberedSessionsOf } from "@/lib/auth/session-memo";
import { forgetPollingMember } from "./polling-members";

/**
 * Sessions are JWTs carrying the epoch they were issued under (`epoch` claim). Raising a
 * user's epoch ends every session issued before: the next request compares the claim with
 * the user's row, in the query that loads the member anyway.
 */

/** The next epoch, for an update that changes something else in the same statement. */
export const nextSessionEpoch = sql<number>`${users.sessionEpoch} + 1`;

/** Ends every session of the user, in the caller's transaction. Returns the new epoch. */
export async function bumpSessionEpoch(q: Queryable, userId: string): Promise<number> {
  const [row] = await q.update(users).set({ sessionEpoch: nextSessionEpoch }).where(eq(users.id, userId)).returning({ epoch: users.sessionEpoch });
  return row?.epoch ?? 0;
}

/** The user's current epoch; null when the user no longer exists. */
export async function sessionEpochOf(userId: string): Promise<number | null> {
  const db = await getDb();
  const [row] = await db.select({ epoch: users.sessionEpoch }).from(users).where(eq(users.id, userId));
  return row?.epoch ?? null;
}

/**
 * After a bump has committed: this process forgets the member the polled routes remembered
 * and the cookies it decrypted for the user, so nothing here answers for an ended session.
 * (Before the commit, a request in between could remember the old epoch again.)
 */
export function forgetSessionsOf(userId: string): void {
  forgetPollingMember(userId);
  forgetRememberedSessionsOf(userId);
}
