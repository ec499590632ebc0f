import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { ZodError } from "zod";
import { getDb } from "@/db";
import { auditEvents, memberships, rateLimits, teams, users } from "@/db/schema";
import { membersOutput } from "@/lib/api/members-output";
import { PortalError } from "@/lib/errors";
import { authenticate, registerUser } from "@/lib/portal/accounts";
import { listAuditEvents } from "@/lib/portal/audit";
import { loadActingMember } from "@/lib/portal/member";
import { listMembers } from "@/lib/portal/members";
import { listMyTeams } from "@/lib/portal/teams";
import { joinTeam, PASSWORD, signUp, uniqueEmail, uniqueIp } from "../support/factories";
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
    expect((await authenticate({ email, password: PASSWORD }, { ip: uniqueIp() })).ok).toBe(true);
    expect((await authenticate({ email, password: "another long password" }, { ip: uniqueIp() })).ok).toBe(false);
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
    const from = { ip: uniqueIp() };
    const ok = await authenticate({ email: person.email, password: PASSWORD }, from);
    expect(ok).toEqual({ ok: true, user: { id: person.userId, email: person.email, name: person.name, sessionEpoch: 0 } });
    const okOtherCase = await authenticate({ email: `  ${person.email.toUpperCase()} `, password: PASSWORD }, from);
    expect(okOtherCase).toEqual(ok);

    const wrong = await authenticate({ email: person.email, password: WRONG }, from);
    expect(wrong).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
    const unknownEmail = uniqueEmail("nobody");
    const unknown = await authenticate({ email: unknownEmail, password: WRONG }, from);
    expect(unknown).toEqual(wrong);
    const unknownRightPassword = await authenticate({ email: uniqueEmail("nobody"), password: PASSWORD }, from);
    expect(unknownRightPassword).toEqual(wrong);

    const malformed = await authenticate({ email: "nope", password: "" }, from);
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
    const counts = await db.select().from(rateLimits).where(inArray(rateLimits.key, [`sign_in_account:${person.email}`, `sign_in_account:${unknownEmail}`]));
    expect(counts.map((t) => [t.key, t.hits]).sort()).toEqual([[`sign_in_account:${person.email}`, 1], [`sign_in_account:${unknownEmail}`, 1]].sort());
  });
});

describe("no password hash leaves the data layer", () => {
  it("in returned users, member objects, member lists, teams and audit rows", async () => {
    const email = uniqueEmail("secret");
    const registered = await registerUser({ name: "Secret Keeper", email, password: PASSWORD });
    expectNoPasswordMaterial(registered, PASSWORD);
    expect(Object.keys(registered).sort()).toEqual(["email", "id", "name"]);

    const signedIn = await authenticate({ email, password: PASSWORD }, { ip: uniqueIp() });
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
