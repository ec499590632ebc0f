import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens } from "@/db/schema";

export interface EngineCaller {
  teamId: string;
  /** The API token used, or "in-process" when the portal in this process calls. */
  tokenId: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Token <t>` to its team. Revoked and unknown tokens are the same
 * null. `last_used_at` is written at most once a minute per token, not on every poll.
 */
export async function authenticateToken(header: string | null): Promise<EngineCaller | null> {
  const match = header?.match(/^Token\s+(\S+)\s*$/i);
  if (!match) return null;
  const tokenHash = createHash("sha256").update(match[1]!).digest("hex");
  const db = await getDb();
  const [row] = await db
    .select({ id: apiTokens.id, teamId: apiTokens.teamId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const now = new Date();
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)))));
  return { teamId: row.teamId, tokenId: row.id };
}
