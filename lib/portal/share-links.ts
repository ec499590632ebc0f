import "server-only";
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Queryable } from "@/db";
import { batches, shareLinks, users } from "@/db/schema";
import { atLeast } from "@/lib/auth/permissions";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { PortalError } from "@/lib/errors";
import { uuidSchema } from "@/lib/validation";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember, type RequestMeta } from "./member";
import { addressOf } from "./rate-limit";
import type { ShareAccess } from "./share-access";
import { countFailedLookup, refuseAfterFailedLookups } from "./share-lookup-limit";

export const SHARE_EXPIRY_DAYS = [1, 7, 30] as const;
export type ShareExpiryDays = (typeof SHARE_EXPIRY_DAYS)[number] | null;

/** The form's select: "1", "7", "30" or "never". */
export const shareExpirySchema = z
  .enum(["1", "7", "30", "never"], { error: "Choose how long the link works: 1 day, 7 days, 30 days or never expires." })
  .transform((v): ShareExpiryDays => (v === "never" ? null : (Number(v) as 1 | 7 | 30)));

/** `newToken()` is 32 random bytes in base64url: 43 characters. Anything else is no token of ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const DENIED = "Viewers cannot share reports; ask a member, an admin or an owner.";
const batchNotFound = () => new PortalError("not_found:batch", "That batch does not exist, or it belongs to another team.");
const linkNotFound = () => new PortalError("not_found:share_link", "That share link does not exist or was already revoked.");

export interface CreatedShareLink {
  id: string;
  /** The only time the token exists outside the visitor's hands: it is not stored. */
  token: string;
  path: string;
  expiresAt: Date | null;
}

export interface ShareLinkView {
  id: string;
  createdByName: string | null;
  createdByEmail: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastViewedAt: Date | null;
  viewCount: number;
  /** Still opens the report: neither revoked nor expired. */
  active: boolean;
  /** The acting member may revoke it: their own link, or they are an admin or owner. */
  canRevoke: boolean;
}

async function teamBatch(q: Queryable, member: ActingMember, batchId: string) {
  if (!uuidSchema.safeParse(batchId).success) throw batchNotFound();
  const [batch] = await q
    .select({ id: batches.id, name: batches.name })
    .from(batches)
    .where(and(eq(batches.id, batchId), eq(batches.teamId, member.teamId)));
  if (!batch) throw batchNotFound();
  return batch;
}

/** A read-only link to one batch's report. The token is returned once; only its SHA-256 hash is kept. */
export async function createShareLink(member: ActingMember, batchId: string, options: { expiresInDays?: ShareExpiryDays } = {}): Promise<CreatedShareLink> {
  const days = options.expiresInDays ?? null;
  if (days !== null && !SHARE_EXPIRY_DAYS.includes(days)) {
    throw new PortalError("bad_request:share_link", "Choose how long the link works: 1 day, 7 days, 30 days or never expires.", { field: "expiresInDays" });
  }
  const token = newToken();
  const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000);
  const db = await getDb();
  const id = await db.transaction(async (tx) => {
    await requirePermission(tx, member, "share-links:manage", DENIED);
    const batch = await teamBatch(tx, member, batchId);
    const [row] = await tx
      .insert(shareLinks)
      .values({ teamId: member.teamId, batchId: batch.id, tokenHash: hashToken(token), createdBy: member.userId, expiresAt })
      .returning({ id: shareLinks.id });
    // The token never reaches the history: the link's id identifies it.
    await recordAudit(
      tx,
      auditFor(member, "share_link.created", { type: "share_link", id: row!.id }, { batchId: batch.id, name: batch.name, expiresAt: expiresAt?.toISOString() ?? null }),
    );
    return row!.id;
  });
  return { id, token, path: `/r/${token}`, expiresAt };
}

/** The batch's links, working ones first. Columns are named one by one: the hash never leaves. */
export async function listShareLinks(member: ActingMember, batchId: string): Promise<ShareLinkView[]> {
  const db = await getDb();
  // Viewers see that (and how much) a report is shared, even though they cannot share it.
  const role = await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const batch = await teamBatch(db, member, batchId);
  const now = new Date();
  const rows = await db
    .select({
      id: shareLinks.id,
      createdBy: shareLinks.createdBy,
      createdByName: users.name,
      createdByEmail: users.email,
      createdAt: shareLinks.createdAt,
      expiresAt: shareLinks.expiresAt,
      revokedAt: shareLinks.revokedAt,
      lastViewedAt: shareLinks.lastViewedAt,
      viewCount: shareLinks.viewCount,
    })
    .from(shareLinks)
    // Left join: the creator may have deleted their account since (created_by is then null).
    .leftJoin(users, eq(users.id, shareLinks.createdBy))
    .where(and(eq(shareLinks.teamId, member.teamId), eq(shareLinks.batchId, batch.id)))
    .orderBy(asc(sql`${shareLinks.revokedAt} is not null`), desc(shareLinks.createdAt), asc(shareLinks.id));
  const manager = atLeast(role, "member");
  return rows.map(({ createdBy, ...row }) => {
    const active = !row.revokedAt && (!row.expiresAt || row.expiresAt > now);
    return { ...row, active, canRevoke: !row.revokedAt && manager && (createdBy === member.userId || atLeast(role, "admin")) };
  });
}

/**
 * Revokes at once: the next request with the token is answered 404. The creator may revoke
 * their own link; admins and owners anyone's. Another team's id, an unknown id and an
 * already revoked link get the same answer, so no id is confirmed.
 */
export async function revokeShareLink(member: ActingMember, linkId: string): Promise<{ batchId: string }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const role = await requirePermission(tx, member, "share-links:manage", DENIED);
    if (!uuidSchema.safeParse(linkId).success) throw linkNotFound();
    const [link] = await tx
      .select({ id: shareLinks.id, batchId: shareLinks.batchId, createdBy: shareLinks.createdBy, name: batches.name })
      .from(shareLinks)
      .innerJoin(batches, eq(batches.id, shareLinks.batchId))
      .where(and(eq(shareLinks.id, linkId), eq(shareLinks.teamId, member.teamId), isNull(shareLinks.revokedAt)))
      .for("update", { of: shareLinks });
    if (!link) throw linkNotFound();
    if (link.createdBy !== member.userId && !atLeast(role, "admin")) {
      throw new PortalError("forbidden:share_link", "Only the person who created this link, an admin or an owner can revoke it.");
    }
    await tx.update(shareLinks).set({ revokedAt: new Date() }).where(eq(shareLinks.id, link.id));
    await recordAudit(tx, auditFor(member, "share_link.revoked", { type: "share_link", id: link.id }, { batchId: link.batchId, name: link.name }));
    return { batchId: link.batchId };
  });
}

/** Known, not revoked, not expired: the one condition under which a token opens anything. */
function usable(token: string) {
  return and(eq(shareLinks.tokenHash, hashToken(token)), isNull(shareLinks.revokedAt), or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, sql`now()`)));
}

function access(row: { linkId: string; teamId: string; batchId: string }, request?: RequestMeta): ShareAccess {
  return { via: "share-link", linkId: row.linkId, teamId: row.teamId, batchId: row.batchId, request } as ShareAccess;
}

const returning = { linkId: shareLinks.id, teamId: shareLinks.teamId, batchId: shareLinks.batchId };

/**
 * Runs a token lookup for a visitor, behind the per-address limit on dead links
 * (share-lookup-limit.ts): an address over it is refused before anything is looked up, and a
 * lookup that opens nothing counts against it unless `countFailure` is false.
 */
async function guardedLookup(
  q: Queryable,
  request: RequestMeta,
  find: () => Promise<{ linkId: string; teamId: string; batchId: string } | undefined>,
  countFailure: boolean,
): Promise<ShareAccess | null> {
  const address = addressOf(request);
  await refuseAfterFailedLookups(q, address);
  const row = await find();
  if (row) return access(row, request);
  if (countFailure) await countFailedLookup(q, address);
  return null;
}

/**
 * Opens a share link for a visit to the shared page: the batch it points at, or null when
 * the token is unknown, revoked or expired. Counts the view in the same statement. Throws
 * `rate_limited:share_lookup` when the visitor's address has opened too many dead links.
 * A malformed token is no token of ours: null without touching the database or any count.
 */
export async function resolveShareToken(token: string, request: RequestMeta): Promise<ShareAccess | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = await getDb();
  return guardedLookup(
    db,
    request,
    async () => {
      const [row] = await db
        .update(shareLinks)
        .set({ viewCount: sql`${shareLinks.viewCount} + 1`, lastViewedAt: sql`now()` })
        .where(usable(token))
        .returning(returning);
      return row;
    },
    true,
  );
}

/**
 * The same check without counting a view: for the page's live-status polling, its JSON and
 * download routes, its metadata and its preview image (a chat app unfurling a link is no visit).
 * `countFailure: false` for a second look within one request already counted (the page's
 * metadata, rendered with the page), so a dead link costs its visitor one failure, not two.
 */
export async function peekShareToken(token: string, request: RequestMeta, options: { countFailure?: boolean } = {}): Promise<ShareAccess | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = await getDb();
  return guardedLookup(
    db,
    request,
    async () => {
      const [row] = await db.select(returning).from(shareLinks).where(usable(token));
      return row;
    },
    options.countFailure ?? true,
  );
}
