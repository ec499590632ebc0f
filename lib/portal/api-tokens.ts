import "server-only";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, memberships, users } from "@/db/schema";
import { getDb } from "@/db";
import { apiTokenExpirySchema } from "@/lib/api-token-expiry";
import { newApiToken } from "@/lib/auth/api-token-format";
import { hashToken } from "@/lib/auth/tokens";
import { PortalError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember } from "./member";

export const API_TOKEN_NAME_MAX = 60;

/** Shared with the server action, so a form and a direct call are refused with the same words. */
export const apiTokenNameSchema = z
  .string({ error: "Give the token a name, like “CI pipeline”." })
  .trim()
  .min(1, { error: "Give the token a name, like “CI pipeline”." })
  .max(API_TOKEN_NAME_MAX, { error: `Keep the token name to ${API_TOKEN_NAME_MAX} characters or fewer.` });

export interface CreatedApiToken {
  id: string;
  /** The only time the token exists outside the caller's hands: it is not stored. */
  token: string;
  prefix: string;
  /** Null: it works until revoked (or until its creator leaves the team). */
  expiresAt: Date | null;
}

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdByName: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** False once the creator left the team (even if they came back since) or deleted their account: the token no longer works. */
  creatorInTeam: boolean;
}

/**
 * Creates a team token, expiring after `expiresInDays` (null: never). The token is returned
 * once; only its SHA-256 hash is kept. It works only while its creator belongs to the team.
 */
export async function createApiToken(member: ActingMember, name: string, expiresInDays: number | string | null = null): Promise<CreatedApiToken> {
  const parsed = apiTokenNameSchema.safeParse(name);
  if (!parsed.success) throw new PortalError("bad_request:api_token", parsed.error.issues[0]!.message, { field: "name" });
  const expiry = apiTokenExpirySchema.safeParse(expiresInDays);
  if (!expiry.success) throw new PortalError("bad_request:api_token", expiry.error.issues[0]!.message, { field: "expiresInDays" });
  const { token, prefix } = newApiToken();
  const db = await getDb();
  const created = await db.transaction(async (tx) => {
    await requirePermission(tx, member, "api-tokens:manage", "Only owners and admins can create API tokens.");
    const [row] = await tx
      .insert(apiTokens)
      .values({
        teamId: member.teamId,
        createdBy: member.userId,
        name: parsed.data,
        prefix,
        tokenHash: hashToken(token),
        // The database's clock, the one the engine compares with when the token is used.
        expiresAt: expiry.data === null ? null : sql`now() + make_interval(days => ${expiry.data}::int)`,
      })
      .returning({ id: apiTokens.id, expiresAt: apiTokens.expiresAt });
    // The prefix identifies the token in the history; the token itself is never logged.
    await recordAudit(
      tx,
      auditFor(member, "api_token.created", { type: "api_token", id: row!.id }, { name: parsed.data, prefix, expiresAt: row!.expiresAt?.toISOString() ?? null }),
    );
    return row!;
  });
  return { id: created.id, token, prefix, expiresAt: created.expiresAt };
}

/** The team's tokens, active ones first. Columns are named one by one: the hash never leaves. */
export async function listApiTokens(member: ActingMember): Promise<ApiTokenView[]> {
  const db = await getDb();
  await requirePermission(db, member, "api-tokens:read", "Only members, admins and owners can see the team's API tokens.");
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdByName: users.name,
      createdByEmail: users.email,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      creatorInTeam: sql<boolean>`${memberships.userId} is not null`,
    })
    .from(apiTokens)
    // Left joins: the creator may have deleted their account since (created_by is then null),
    // or left the team; the list still shows the token, as no longer working. The membership
    // is the one the token was made under, as the engine checks (lib/engine/auth.ts): one begun
    // after the token (the creator came back) does not make it work again.
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .leftJoin(
      memberships,
      and(eq(memberships.teamId, apiTokens.teamId), eq(memberships.userId, apiTokens.createdBy), lte(memberships.createdAt, apiTokens.createdAt)),
    )
    .where(eq(apiTokens.teamId, member.teamId))
    .orderBy(asc(sql`${apiTokens.revokedAt} is not null`), desc(apiTokens.createdAt), asc(apiTokens.id));
}

const tokenNotFound = () => new PortalError("not_found:api_token", "That API token does not exist or was already revoked.");

/**
 * Revokes at once: a token with `revoked_at` set no longer authenticates. Another team's id, an
 * unknown id and an already revoked token get the same answer, so no id is confirmed.
 */
export async function revokeApiToken(member: ActingMember, tokenId: string): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requirePermission(tx, member, "api-tokens:manage", "Only owners and admins can revoke API tokens.");
    if (!uuidSchema.safeParse(tokenId).success) throw tokenNotFound();
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.teamId, member.teamId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
    if (!revoked) throw tokenNotFound();
    await recordAudit(tx, auditFor(member, "api_token.revoked", { type: "api_token", id: revoked.id }, { name: revoked.name, prefix: revoked.prefix }));
  });
}
