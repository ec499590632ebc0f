import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, teams, users } from "@/db/schema";
import { getDb, type Queryable } from "@/db";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { PortalError } from "@/lib/errors";

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

declare const verified: unique symbol;

/**
 * The person acting, in the team they are acting in, with the role read from the database
 * for this request. Only `loadActingMember` makes one, so holding one means membership was
 * checked; every data-layer function takes it and scopes its queries to `teamId`.
 */
export interface ActingMember {
  readonly userId: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly role: Role;
  readonly email: string;
  readonly name: string | null;
  /** The user's session epoch as read with the membership: a session under another one has ended. */
  readonly sessionEpoch: number;
  readonly request?: RequestMeta;
  readonly [verified]: true;
}

/** What a session's user is now: a member, signed in without a team, or no session at all. */
export type SessionMemberLookup =
  | { status: "member"; member: ActingMember }
  | { status: "no_team" }
  /** The user is gone, or the session was issued under an earlier epoch (see session-epoch.ts). */
  | { status: "ended" };

/**
 * One round trip: the user, their session epoch and memberships, the active team's first,
 * then the oldest. Left joins, so a user in no team still answers with their epoch.
 */
async function memberRow(userId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      sessionEpoch: users.sessionEpoch,
      teamId: memberships.teamId,
      role: memberships.role,
      teamName: teams.name,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(teams, eq(teams.id, memberships.teamId))
    .where(eq(users.id, userId))
    .orderBy(sql`${memberships.teamId} = ${users.activeTeamId} desc nulls last`, asc(memberships.createdAt))
    .limit(1);
  return row;
}

function toMember(row: NonNullable<Awaited<ReturnType<typeof memberRow>>>, request?: RequestMeta): ActingMember | null {
  const { teamId, role, teamName, ...user } = row;
  if (!teamId || !role || teamName === null) return null;
  return { ...user, teamId, role, teamName, request } as ActingMember;
}

/**
 * Resolves the member for a user: their chosen team if they still belong to it, else their
 * oldest membership. Null when the user is gone or belongs to no team. Checks no session:
 * for a request's session use `lookupSessionMember`.
 */
export async function loadActingMember(userId: string, request?: RequestMeta): Promise<ActingMember | null> {
  const row = await memberRow(userId);
  return row ? toMember(row, request) : null;
}

/**
 * The member for a session issued under `sessionEpoch`, in the same single query: a session
 * from before the user's last epoch bump (password change, sign out everywhere, removal from
 * a team) is no session at all.
 */
export async function lookupSessionMember(userId: string, sessionEpoch: number, request?: RequestMeta): Promise<SessionMemberLookup> {
  const row = await memberRow(userId);
  if (!row || row.sessionEpoch !== sessionEpoch) return { status: "ended" };
  const member = toMember(row, request);
  return member ? { status: "member", member } : { status: "no_team" };
}

/**
 * Checks the permission against the member's role as stored now, not as it was when the
 * request began: someone removed or demoted a moment ago is refused. Returns that role.
 */
export async function requirePermission(q: Queryable, member: ActingMember, permission: Permission, message: string): Promise<Role> {
  return assertPermission(await currentRole(q, member.teamId, member.userId), permission, message);
}

/** The refusal `requirePermission` makes, for a role read by a query of the caller's own. */
export function assertPermission(role: Role | null | undefined, permission: Permission, message: string): Role {
  if (!role) throw new PortalError("forbidden:team", "You are no longer a member of this team.");
  if (!can(role, permission)) throw new PortalError(`forbidden:${permission.split(":")[0]}`, message);
  return role;
}

/** Re-reads the member's role inside a transaction, so a concurrent demotion is respected. */
export async function currentRole(
  q: Queryable,
  teamId: string,
  userId: string,
): Promise<Role | undefined> {
  const [row] = await q
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)));
  return row?.role;
}
