import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { ZodError } from "zod";
import { getDb } from "@/db";
import { auditEvents, loginThrottles, memberships, teams, users } from "@/db/schema";
import { membersOutput } from "@/lib/api/members-output";
import { PortalError } from "@/lib/errors";
import { authenticate, registerUser } from "@/lib/portal/accounts";
import { listAuditEvents } from "@/lib/portal/audit";
import { failureDelayMs, THROTTLE } from "@/lib/portal/login-throttle";
import { loadActingMember } from "@/lib/portal/member";
import { listMembers } from "@/lib/portal/members";
import { listMyTeams } from "@/lib/portal/teams";
import { joinTeam, PASSWORD, signUp, uniqueEmail } from "../support/factories";
import { countRows, databaseIsPrivate, expectNoPasswordMaterial, tableCounts } from "../support/db-counts";

const WRONG = "definitely not the password";
const NO_MATCH = "That e-mail and password do not match an account.";

/** A one-word name nobody else uses, so the team a sign-up would create can be looked for. */
const uniqueName = () => `Reg${randomUUID().slice(0, 8)}`;

/**
 * What a sign-up attempt with `name`/`email` could have written: users with that e-mail or
 * name, the team named after them, their memberships and audit events.
 */
async function traces(name: string, email: string) {
  const db = await getDb();
  const people = await db.select({ id: users.id }).from(users).where(eq(users.name, name));
  const ids = people.map((p) => p.id);
  return {
    usersWithEmail: await countRows(users, eq(users.email, email.trim().toLowerCase())),
    usersWithName: ids.length,
    teams: await countRows(teams, eq(teams.name, `${name}'s team`)),
    memberships: ids.length ? await countRows(memberships, inArray(memberships.userId, ids)) : 0,
    audit: ids.length ? await countRows(auditEvents, inArray(auditEvents.actorId, ids)) : 0,
  };
}

/** Runs a sign-up that must fail, and checks it wrote nothing at all. */
async function failedSignUp(input: { name: string; email: string; password: string }): Promise<unknown> {
  const globalBefore = await tableCounts();
  const before = await traces(input.name, input.email);
  const outcome = await registerUser(input).then(
    (user) => ({ created: user }),
    (error: unknown) => ({ thrown: error }),
  );
  if ("created" in outcome) expect.fail(`sign-up should have been refused, but created ${JSON.stringify(outcome.created)}`);
  expect(await traces(input.name, input.email)).toEqual(before);
  expect(before.usersWithName).toBe(0);
  expect(before.teams).toBe(0);
  // Whole-table counts are exact only when no other test file shares the database.
  if (databaseIsPrivate()) expect(await tableCounts()).toEqual(globalBefore);
  return outcome.thrown;
}

function expectFieldError(error: unknown, field: string, message: string | RegExp) {
  expect(error, String(error)).toBeInstanceOf(ZodError);
  const issues = (error as ZodError).issues;
  expect(issues.map((i) => i.path.join("."))).toEqual([field]);
  if (typeof message === "string") expect(issues[0]!.message).toBe(message);
  else expect(issues[0]!.message).toMatch(message);
}

beforeAll(async () => {
  await getDb();
});

describe("registerUser refuses bad input and writes nothing", () => {
  it("a malformed e-mail", async () => {
    for (const email of ["not-an-email", "ada@", "@example.com", "ada@example", "ada smith@example.com", ""]) {
      const error = await failedSignUp({ name: uniqueName(), email, password: PASSWORD });
      expectFieldError(error, "email", "Enter a valid e-mail address, like name@example.com.");
    }
  });

  it("a short password", async () => {
    const error = await failedSignUp({ name: uniqueName(), email: uniqueEmail("short"), password: "123456789" });
    expectFieldError(error, "password", "Use at least 10 characters for your password.");
  });

  it("an empty name", async () => {
    for (const name of ["", "   "]) {
      const email = uniqueEmail("noname");
      const globalBefore = await tableCounts();
      const error = await registerUser({ name, email, password: PASSWORD }).catch((e: unknown) => e);
      expectFieldError(error, "name", "Enter your name.");
      expect(await countRows(users, eq(users.email, email))).toBe(0);
      if (databaseIsPrivate()) expect(await tableCounts()).toEqual(globalBefore);
    }
  });

  it("an e-mail already registered, also in other case or with spaces", async () => {
    const email = uniqueEmail("taken");
    const first = await registerUser({ name: "First Owner", email, password: PASSWORD });
    const db = await getDb();
    const ownerBefore = {
      memberships: await countRows(memberships, eq(memberships.userId, first.id)),
      audit: await countRows(auditEvents, eq(auditEvents.actorId, first.id)),
    };
    expect(ownerBefore).toEqual({ memberships: 1, audit: 1 });

    for (const variant of [email, email.toUpperCase(), `  ${email}  `, `\t${email.replace("@example.com", "@EXAMPLE.com")}`]) {
      const error = await failedSignUp({ name: uniqueName(), email: variant, password: "another long password" });
      expect(error).toBeInstanceOf(PortalError);
      const portalError = error as PortalError;
      expect(portalError.code).toBe("conflict:email");
      expect(portalError.field).toBe("email");
      expect(portalError.message).toBe("An account with this e-mail already exists. Sign in instead.");
    }

    expect(await countRows(users, eq(users.email, email))).toBe(1);
    expect({
      memberships: await countRows(memberships, eq(memberships.userId, first.id)),
      audit: await countRows(auditEvents, eq(auditEvents.actorId, first.id)),
    }).toEqual(ownerBefore);
    // The first account still signs in with its own password, not the rejected one.
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(row!.id).toBe(first.id);
    expect((await authenticate({ email, password: PASSWORD })).ok).toBe(true);
    expect((await authenticate({ email, password: "another long password" })).ok).toBe(false);
  });

  it("two sign-ups with one e-mail at the same time: one account, one team", async () => {
    const email = uniqueEmail("race");
    const name = uniqueName();
    const results = await Promise.allSettled([
      registerUser({ name, email, password: PASSWORD }),
      registerUser({ name, email: email.toUpperCase(), password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    const reason = rejected[0]!.reason as PortalError;
    expect(reason).toBeInstanceOf(PortalError);
    expect(reason.code).toBe("conflict:email");
    expect(reason.field).toBe("email");
    expect(await traces(name, email)).toEqual({ usersWithEmail: 1, usersWithName: 1, teams: 1, memberships: 1, audit: 1 });
  });

  it("a good sign-up stores the e-mail normalised and creates the user's team", async () => {
    const email = uniqueEmail("Norm").toUpperCase();
    const name = uniqueName();
    const user = await registerUser({ name: `  ${name} Lovelace `, email: ` ${email} `, password: PASSWORD });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe(`${name} Lovelace`);
    expect(await countRows(users, eq(users.email, email.toLowerCase()))).toBe(1);
    expect(await countRows(teams, eq(teams.name, `${name}'s team`))).toBe(1);
    const member = await loadActingMember(user.id);
    expect(member).toMatchObject({ role: "owner", teamName: `${name}'s team`, email: email.toLowerCase() });
  });
});

describe("authenticate", () => {
  it("accepts the right password and gives the same answer for a wrong password and an unknown e-mail", async () => {
    const person = await signUp("auth");
    const ok = await authenticate({ email: person.email, password: PASSWORD });
    expect(ok).toEqual({ ok: true, user: { id: person.userId, email: person.email, name: person.name, sessionEpoch: 0 } });
    const okOtherCase = await authenticate({ email: `  ${person.email.toUpperCase()} `, password: PASSWORD });
    expect(okOtherCase).toEqual(ok);

    const wrong = await authenticate({ email: person.email, password: WRONG });
    expect(wrong).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
    const unknownEmail = uniqueEmail("nobody");
    const unknown = await authenticate({ email: unknownEmail, password: WRONG });
    expect(unknown).toEqual(wrong);
    const unknownRightPassword = await authenticate({ email: uniqueEmail("nobody"), password: PASSWORD });
    expect(unknownRightPassword).toEqual(wrong);

    const malformed = await authenticate({ email: "nope", password: "" });
    expect(malformed).toMatchObject({ ok: false, reason: "invalid" });

    // Both failures are audited (no team yet), and both count towards throttling alike.
    const db = await getDb();
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.sign_in_failed"), inArray(auditEvents.targetId, [person.email, unknownEmail])));
    expect(events.map((e) => [e.targetId, e.actorId, e.teamId]).sort()).toEqual(
      [
        [person.email, person.userId, null],
        [unknownEmail, null, null],
      ].sort(),
    );
    const throttles = await db.select().from(loginThrottles).where(inArray(loginThrottles.email, [person.email, unknownEmail]));
    expect(throttles.map((t) => [t.email, t.failures]).sort()).toEqual([[person.email, 1], [unknownEmail, 1]].sort());
  });

  it("slows down after THROTTLE.slowAfter failures and locks after THROTTLE.lockAfter, even for the right password", async () => {
    const person = await signUp("throttle");
    const email = person.email;
    const timed = async (password: string) => {
      const start = performance.now();
      const result = await authenticate({ email, password });
      return { result, ms: performance.now() - start };
    };

    const fast: number[] = [];
    for (let i = 0; i < THROTTLE.slowAfter; i++) {
      const { result, ms } = await timed(WRONG);
      expect(result).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
      fast.push(ms);
    }
    expect(fast.map((_, i) => failureDelayMs(i + 1))).toEqual(new Array(THROTTLE.slowAfter).fill(0));

    // The next failures are held back stepMs more each time.
    for (let failures = THROTTLE.slowAfter; failures < THROTTLE.lockAfter - 1; failures++) {
      const { result, ms } = await timed(WRONG);
      expect(result).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
      const expectedDelay = (failures + 1 - THROTTLE.slowAfter) * THROTTLE.stepMs;
      expect(failureDelayMs(failures + 1)).toBe(expectedDelay);
      expect(ms).toBeGreaterThanOrEqual(expectedDelay - 5);
      if (failures === THROTTLE.slowAfter) expect(ms - Math.min(...fast)).toBeGreaterThanOrEqual(THROTTLE.stepMs * 0.9);
    }

    // The lockAfter-th failure locks the address.
    const lockMessage = new RegExp(
      `^Too many failed sign-in attempts\\..* try again in ${THROTTLE.lockMinutes} minutes\\.$`,
    );
    const last = await timed(WRONG);
    expect(last.result).toMatchObject({ ok: false, reason: "locked" });
    expect(last.result.ok === false && last.result.message).toMatch(lockMessage);

    const rightButLocked = await authenticate({ email, password: PASSWORD });
    expect(rightButLocked).toMatchObject({ ok: false, reason: "locked" });
    expect(rightButLocked.ok === false && rightButLocked.message).toMatch(lockMessage);

    const db = await getDb();
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
    // The refused attempt with the right password is counted too.
    expect(row!.failures).toBe(THROTTLE.lockAfter + 1);
    const lockedForMs = row!.lockedUntil!.getTime() - Date.now();
    expect(lockedForMs).toBeGreaterThan((THROTTLE.lockMinutes - 1) * 60_000);
    expect(lockedForMs).toBeLessThanOrEqual(THROTTLE.lockMinutes * 60_000);

    const failed = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.sign_in_failed"), eq(auditEvents.targetId, email)))
      .orderBy(auditEvents.id);
    expect(failed).toHaveLength(THROTTLE.lockAfter);
    expect(failed.every((e) => e.actorId === person.userId && e.teamId === null)).toBe(true);
    expect(failed.map((e) => e.metadata.locked)).toEqual([...new Array(THROTTLE.lockAfter - 1).fill(false), true]);

    // Once the pause is over, the right password works and clears the record.
    await db.update(loginThrottles).set({ lockedUntil: new Date(Date.now() - 1_000) }).where(eq(loginThrottles.email, email));
    expect(await authenticate({ email, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await countRows(loginThrottles, eq(loginThrottles.email, email))).toBe(0);
  });

  it("a successful sign-in clears earlier failures", async () => {
    const person = await signUp("clear");
    const email = person.email;
    for (let i = 0; i < THROTTLE.slowAfter; i++) {
      expect(await authenticate({ email, password: WRONG })).toMatchObject({ ok: false, reason: "invalid" });
    }
    const db = await getDb();
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
    expect(row!.failures).toBe(THROTTLE.slowAfter);

    expect(await authenticate({ email, password: PASSWORD })).toMatchObject({ ok: true });
    expect(await countRows(loginThrottles, eq(loginThrottles.email, email))).toBe(0);

    // Counting starts again from zero: the next failure is the first, not held back.
    expect(await authenticate({ email, password: WRONG })).toMatchObject({ ok: false, reason: "invalid" });
    const [after] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
    expect(after).toMatchObject({ failures: 1, lockedUntil: null });
    expect(failureDelayMs(1)).toBe(0);
  });

  it("a parallel burst of guesses gets at most lockAfter password checks", async () => {
    const person = await signUp("burst");
    const email = person.email;
    const attempts = 20;
    const results = await Promise.all(Array.from({ length: attempts }, () => authenticate({ email, password: WRONG })));
    expect(results.every((r) => !r.ok)).toBe(true);
    const db = await getDb();
    const checked = await countRows(auditEvents, and(eq(auditEvents.action, "user.sign_in_failed"), eq(auditEvents.targetId, email)));
    const refused = await countRows(auditEvents, and(eq(auditEvents.action, "user.sign_in_refused"), eq(auditEvents.targetId, email)));
    expect(checked).toBe(THROTTLE.lockAfter);
    expect(refused).toBe(attempts - THROTTLE.lockAfter);
    // And the address is now paused, even for the right password.
    expect(await authenticate({ email, password: PASSWORD })).toMatchObject({ ok: false, reason: "locked" });
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("no password hash leaves the data layer", () => {
  it("in returned users, member objects, member lists, teams and audit rows", async () => {
    const email = uniqueEmail("secret");
    const registered = await registerUser({ name: "Secret Keeper", email, password: PASSWORD });
    expectNoPasswordMaterial(registered, PASSWORD);
    expect(Object.keys(registered).sort()).toEqual(["email", "id", "name"]);

    const signedIn = await authenticate({ email, password: PASSWORD });
    expect(signedIn.ok).toBe(true);
    expectNoPasswordMaterial(signedIn, PASSWORD);
    if (signedIn.ok) expect(Object.keys(signedIn.user).sort()).toEqual(["email", "id", "name", "sessionEpoch"]);

    const owner = (await loadActingMember(registered.id))!;
    expectNoPasswordMaterial(owner, PASSWORD);
    await joinTeam(owner, "secret-member", "member");
    const members = await listMembers(owner);
    expect(members).toHaveLength(2);
    expectNoPasswordMaterial(members, PASSWORD);
    for (const m of members) expect(Object.keys(m).sort()).toEqual(["email", "joinedAt", "name", "role", "userId"]);
    expectNoPasswordMaterial(membersOutput.parse({ members }), PASSWORD);
    expectNoPasswordMaterial(await listMyTeams(owner), PASSWORD);
    expectNoPasswordMaterial(await listAuditEvents(owner), PASSWORD);

    // The hash is stored, so the checks above had something to miss.
    const db = await getDb();
    const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, registered.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
