import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { expect, inject } from "vitest";
import { getDb } from "@/db";
import { auditEvents, invitations, loginThrottles, memberships, teams, users } from "@/db/schema";
import { PortalError } from "@/lib/errors";

/**
 * True when this test file has its database to itself (in-memory PGlite). With
 * TEST_DATABASE_URL every file of a run shares one database and files run two at a time,
 * so whole-table counts can move under a test; assertions scoped to a test's own rows
 * (teamSnapshot, countWhere…) hold on both.
 */
export function databaseIsPrivate(): boolean {
  return !inject("databaseUrl");
}

export async function countRows(table: PgTable, where?: SQL | undefined): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row?.n ?? 0;
}

/** Row counts of every table a portal mutation can write. */
export async function tableCounts() {
  return {
    users: await countRows(users),
    teams: await countRows(teams),
    memberships: await countRows(memberships),
    invitations: await countRows(invitations),
    auditEvents: await countRows(auditEvents),
    loginThrottles: await countRows(loginThrottles),
  };
}

/**
 * Everything stored about one team: its row, its memberships (with the members' user rows),
 * its invitations and its audit events. Equal snapshots before and after mean nothing of the
 * team changed.
 */
export async function teamSnapshot(teamId: string) {
  const db = await getDb();
  const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
  const members = await db
    .select({ userId: memberships.userId, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .where(eq(memberships.teamId, teamId))
    .orderBy(asc(memberships.userId));
  const memberUsers = members.length
    ? await db
        .select()
        .from(users)
        .where(
          inArray(
            users.id,
            members.map((m) => m.userId),
          ),
        )
        .orderBy(asc(users.id))
    : [];
  const invites = await db.select().from(invitations).where(eq(invitations.teamId, teamId)).orderBy(asc(invitations.id));
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.teamId, teamId)).orderBy(asc(auditEvents.id));
  return { team, members, memberUsers, invitations: invites, audit };
}

/** How many members of each role the team has. */
export async function roleCounts(teamId: string): Promise<Record<string, number>> {
  const db = await getDb();
  const rows = await db
    .select({ role: memberships.role, n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.teamId, teamId))
    .groupBy(memberships.role);
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}

/** How many audit events of each action the team has. */
export async function auditActionCounts(teamId: string): Promise<Record<string, number>> {
  const db = await getDb();
  const rows = await db
    .select({ action: auditEvents.action, n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(eq(auditEvents.teamId, teamId))
    .groupBy(auditEvents.action);
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}

/** Everything stored about one user: their row, memberships and the audit events they caused. */
export async function userSnapshot(userId: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const member = await db.select().from(memberships).where(eq(memberships.userId, userId)).orderBy(asc(memberships.teamId));
  const audit = await db.select().from(auditEvents).where(eq(auditEvents.actorId, userId)).orderBy(asc(auditEvents.id));
  return { user, memberships: member, audit };
}

/**
 * Awaits `promise`, which must be refused with a PortalError of exactly `code`; a result
 * instead of an error fails the test and shows what came back.
 */
export async function expectRefused(promise: Promise<unknown>, code: string, message?: RegExp | string): Promise<PortalError> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    expect.fail(`expected a PortalError ${code}, but the call succeeded with ${JSON.stringify(outcome.value)}`);
  }
  const error = outcome.error;
  expect(error, String(error)).toBeInstanceOf(PortalError);
  const portalError = error as PortalError;
  expect(portalError.code).toBe(code);
  expect(portalError.kind).toBe(code.split(":")[0]);
  expect(portalError.message.length).toBeGreaterThan(10);
  if (message !== undefined) {
    if (typeof message === "string") expect(portalError.message).toBe(message);
    else expect(portalError.message).toMatch(message);
  }
  return portalError;
}

/** Every key and every string value anywhere inside `value` (objects, arrays, nested). */
export function keysAndStrings(value: unknown): { keys: string[]; strings: string[] } {
  const keys: string[] = [];
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, inner] of Object.entries(v)) {
        keys.push(k);
        walk(inner);
      }
    }
  };
  walk(value);
  return { keys, strings };
}

/** Fails if `value` carries a password or its hash: no such key, no argon2 PHC string. */
export function expectNoPasswordMaterial(value: unknown, password?: string): void {
  const { keys, strings } = keysAndStrings(value);
  expect(keys.length + strings.length, "nothing to inspect").toBeGreaterThan(0);
  expect(keys.filter((k) => /hash|password/i.test(k))).toEqual([]);
  expect(strings.filter((s) => s.startsWith("$argon2"))).toEqual([]);
  const text = JSON.stringify(value);
  expect(text).not.toContain("$argon2");
  if (password) expect(text).not.toContain(password);
}
