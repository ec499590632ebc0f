import "server-only";
import { eq } from "drizzle-orm";
import { memberships, teams, users } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { PortalError } from "@/lib/errors";
import { loginInput, registerInput } from "@/lib/validation";
import type { z } from "zod";
import { recordAudit } from "./audit";
import { claimSignIn, clearSignInFailures, failureDelayMs, pauseStartedBy } from "./login-throttle";
import type { RequestMeta } from "./member";
import { enforceRegistrationLimit } from "./registration-limit";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

const UNIQUE_VIOLATION = "23505";

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

/**
 * Sign-up: the user, their own team with them as owner, and the audit event, in one go.
 * A sign-up from the web (with a `request`) is limited per address before any work is done;
 * the server's own (the demo seed, scripts, tests) pass no request and are not counted.
 */
export async function registerUser(input: z.input<typeof registerInput>, request?: RequestMeta): Promise<SessionUser> {
  const { name, email, password } = registerInput.parse(input);
  const db = await getDb();
  if (request) await enforceRegistrationLimit(db, request);
  const taken = new PortalError("conflict:email", "An account with this e-mail already exists. Sign in instead.", {
    field: "email",
  });
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw taken;
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ name, email, passwordHash }).returning({ id: users.id });
      const teamId = await createOwnTeam(tx, user!.id, name);
      await recordAudit(tx, { teamId, actorId: user!.id, action: "user.signed_up", targetType: "user", targetId: user!.id, request });
      return { id: user!.id, email, name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken;
    throw error;
  }
}

export async function createOwnTeam(q: Queryable, userId: string, personName: string | null): Promise<string> {
  const teamName = personName ? `${personName.split(/\s+/)[0]}'s team` : "My team";
  const [team] = await q.insert(teams).values({ name: teamName }).returning({ id: teams.id });
  await q.insert(memberships).values({ teamId: team!.id, userId, role: "owner" });
  await q.update(users).set({ activeTeamId: team!.id }).where(eq(users.id, userId));
  return team!.id;
}

/**
 * Gives a user with no team a team of their own: users created by GitHub sign-in through the
 * adapter, and anyone removed from their last team. False when the user does not exist.
 */
export async function ensureOwnTeam(userId: string, reason: "github" | "no_team_left" = "github"): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) return false;
    const [any] = await tx.select({ teamId: memberships.teamId }).from(memberships).where(eq(memberships.userId, userId)).limit(1);
    if (any) return true;
    const teamId = await createOwnTeam(tx, userId, user.name);
    const action = reason === "github" ? "user.signed_up" : "team.created";
    await recordAudit(tx, { teamId, actorId: userId, action, targetType: "team", targetId: teamId, metadata: { reason } });
    return true;
  });
}

export type AuthenticateResult =
  /**
   * `sessionEpoch` is the epoch read with the password hash that was checked: the session is
   * issued under it, so a password change that lands while this sign-in is still in flight
   * ends that session too (see `sessionJwt`).
   */
  | { ok: true; user: SessionUser & { sessionEpoch: number } }
  | { ok: false; reason: "invalid" | "locked"; message: string; retryAfterSeconds?: number };

/**
 * Checks an e-mail and password with throttling (login-throttle.ts): per address, per e-mail
 * from that address, and per e-mail from everywhere. The same answer is given for an unknown
 * e-mail and a wrong password, after the same amount of work. `request` says where the
 * attempt comes from; every caller on the web passes it.
 */
export async function authenticate(input: z.input<typeof loginInput>, request: RequestMeta | undefined): Promise<AuthenticateResult> {
  const parsed = loginInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid", message: "Enter a valid e-mail address and your password." };
  const { email, password } = parsed.data;
  const db = await getDb();

  const claim = await claimSignIn(db, email, request);
  if (!claim.allowed) {
    // One line per pause, not per refused try: a flood of refused guesses must not flood the history.
    if (claim.firstInWindow) {
      await recordAudit(db, { teamId: null, actorId: null, action: "user.sign_in_refused", targetType: "user", targetId: email, metadata: { limit: claim.scope, retryAfterSeconds: claim.retryAfterSeconds }, request });
    }
    return { ok: false, reason: "locked", message: claim.message, retryAfterSeconds: claim.retryAfterSeconds };
  }

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, sessionEpoch: users.sessionEpoch })
    .from(users)
    .where(eq(users.email, email));
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);

  if (user && user.passwordHash && valid) {
    await clearSignInFailures(db, email, request);
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionEpoch: user.sessionEpoch } };
  }

  const paused = pauseStartedBy(claim);
  await recordAudit(db, {
    teamId: null,
    actorId: user?.id ?? null,
    action: "user.sign_in_failed",
    targetType: "user",
    targetId: email,
    metadata: { attempt: claim.attempt, locked: Boolean(paused) },
    request,
  });
  await new Promise((r) => setTimeout(r, failureDelayMs(claim.attempt)));
  if (paused) return { ok: false, reason: "locked", message: paused.message, retryAfterSeconds: paused.retryAfterSeconds };
  return { ok: false, reason: "invalid", message: "That e-mail and password do not match an account." };
}

export async function recordSignIn(userId: string, provider: string, request?: RequestMeta): Promise<void> {
  const db = await getDb();
  const [user] = await db.select({ activeTeamId: users.activeTeamId }).from(users).where(eq(users.id, userId));
  await recordAudit(db, { teamId: user?.activeTeamId ?? null, actorId: userId, action: "user.signed_in", targetType: "user", targetId: userId, metadata: { provider }, request });
}
