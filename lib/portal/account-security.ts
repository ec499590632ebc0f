import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { accounts, users } from "@/db/schema";
import { getDb } from "@/db";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { PortalError } from "@/lib/errors";
import { newPasswordSchema } from "@/lib/validation";
import { auditFor, recordAudit } from "./audit";
import type { ActingMember } from "./member";
import { consume, describeWait, reset, type RateLimit } from "./rate-limit";
import { bumpSessionEpoch, forgetSessionsOf, nextSessionEpoch } from "./session-epoch";

/**
 * The signed-in person's own account: how they sign in, their password, their sessions.
 * Personal, not the team's, so no role is needed; events are written to the history of the
 * team they act in, as sign-ins are.
 */

export interface SignInMethods {
  /** False for accounts made through GitHub: there is no password to change. */
  hasPassword: boolean;
  github: boolean;
}

export async function signInMethods(member: ActingMember): Promise<SignInMethods> {
  const db = await getDb();
  const [user] = await db.select({ hasPassword: users.passwordHash }).from(users).where(eq(users.id, member.userId));
  const [github] = await db
    .select({ provider: accounts.provider })
    .from(accounts)
    .where(and(eq(accounts.userId, member.userId), eq(accounts.provider, "github")))
    .limit(1);
  return { hasPassword: Boolean(user?.hasPassword), github: Boolean(github) };
}

export const changePasswordInput = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." })
    .max(200, { error: "That is not your current password." }),
  newPassword: newPasswordSchema,
});

/**
 * Someone holding an open session could otherwise try passwords here without the sign-in
 * page's throttle; wrong current passwords are counted per account.
 */
export const PASSWORD_CHANGE_LIMIT: RateLimit = {
  scope: "password_change",
  max: 5,
  windowSeconds: 15 * 60,
  refusal: (wait) => `Too many attempts with a wrong current password. Try again in ${wait}.`,
};

function passwordLimitError(retryAfterSeconds: number): PortalError {
  return new PortalError("rate_limited:password_change", PASSWORD_CHANGE_LIMIT.refusal(describeWait(retryAfterSeconds)), { retryAfterSeconds });
}

/**
 * Changes the password after checking the current one (same rules as registration), raises
 * the session epoch in the same statement so every other session ends, and audits it.
 * Returns the new epoch: the caller re-issues its own session under it to stay signed in.
 */
export async function changePassword(member: ActingMember, input: z.input<typeof changePasswordInput>): Promise<{ sessionEpoch: number }> {
  const parsed = changePasswordInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PortalError("bad_request:password", issue.message, { field: String(issue.path[0] ?? "newPassword") });
  }
  const { currentPassword, newPassword } = parsed.data;
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, member.userId));
  if (!user?.passwordHash) {
    throw new PortalError("conflict:password", "Your account signs in with GitHub and has no password here to change.");
  }

  // Counted before the check, in one atomic statement: counted after, a burst of parallel
  // guesses would all be checked while the count still read zero. The right password clears it.
  const attempt = await consume(db, PASSWORD_CHANGE_LIMIT, member.userId);
  if (attempt.limited) throw passwordLimitError(attempt.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new PortalError("bad_request:password", "That is not your current password.", { field: "currentPassword" });
  }
  await reset(db, PASSWORD_CHANGE_LIMIT, member.userId);
  if (newPassword === currentPassword) {
    throw new PortalError("bad_request:password", "Choose a new password different from your current one.", { field: "newPassword" });
  }

  const newHash = await hashPassword(newPassword);
  const sessionEpoch = await db.transaction(async (tx) => {
    // Only over the hash just verified: a change made meanwhile in another session wins.
    const [row] = await tx
      .update(users)
      .set({ passwordHash: newHash, sessionEpoch: nextSessionEpoch })
      .where(and(eq(users.id, member.userId), eq(users.passwordHash, user.passwordHash!)))
      .returning({ epoch: users.sessionEpoch });
    if (!row) throw new PortalError("conflict:password", "Your password was changed a moment ago in another session. Sign in again with the new one.");
    await recordAudit(tx, auditFor(member, "user.password_changed", { type: "user", id: member.userId }));
    return row.epoch;
  });
  forgetSessionsOf(member.userId);
  return { sessionEpoch };
}

/** Ends every session of the member's account, this one included, and audits it. */
export async function signOutEverywhere(member: ActingMember): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await bumpSessionEpoch(tx, member.userId);
    await recordAudit(tx, auditFor(member, "user.signed_out_everywhere", { type: "user", id: member.userId }));
  });
  forgetSessionsOf(member.userId);
}
