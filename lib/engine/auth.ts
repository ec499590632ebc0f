import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gt, isNull, lt, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, memberships } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { addressSubject } from "@/lib/rate-limit/address-subject";
import { consume, describeWait, refund, type RateLimit } from "@/lib/rate-limit/counters";
import { ApiError } from "./api/http";

export interface EngineCaller {
  teamId: string;
  /** The API token used, or "in-process" when the portal in this process calls. */
  tokenId: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;
/** Longer than any token this portal issues (`inf_` + 43); anything longer is not looked up. */
const MAX_TOKEN_LENGTH = 200;

export const UNAUTHORIZED_DETAIL = 'Send a valid API token: "Authorization: Token <token>". Create one in Settings → API tokens.';

/**
 * Guessing tokens from one address: after 20 failed attempts in 10 minutes, that address is
 * refused before any token is looked up, valid or not, until the window ends. A success does
 * not clear the count, so holding one good token buys no extra guesses.
 * `API_TOKEN_FAILURE_LIMIT_PER_IP` overrides it.
 */
export function failedTokenLimit(): RateLimit {
  return {
    scope: "api_token_failures",
    ...(getConfig().rateLimits.failedTokenPerIp ?? { max: 20, windowSeconds: 10 * 60 }),
    refusal: (wait) => `Too many requests from your address carried an API token that is not valid. Try again in ${wait} with a valid token.`,
  };
}

/**
 * Resolves `Authorization: Token <t>` to its team, in one query. Unknown, revoked and expired
 * tokens, and tokens whose creator no longer belongs to the team (left, removed, or deleted
 * their account), are all the same null: a token leaves with the person who made it, for
 * good (coming back later is a new membership, under which old tokens stay stopped).
 * `last_used_at` is written at most once a minute per token, not on every poll.
 */
export async function authenticateToken(header: string | null): Promise<EngineCaller | null> {
  const match = header?.match(/^Token\s+(\S+)\s*$/i);
  if (!match || match[1]!.length > MAX_TOKEN_LENGTH) return null;
  const tokenHash = createHash("sha256").update(match[1]!).digest("hex");
  const db = await getDb();
  const [row] = await db
    .select({ id: apiTokens.id, teamId: apiTokens.teamId })
    .from(apiTokens)
    // The creator's membership the token was made under: created_by is null once their
    // account is deleted, and a membership begun after the token (they left or were removed,
    // then came back) does not bring it back.
    .innerJoin(
      memberships,
      and(eq(memberships.teamId, apiTokens.teamId), eq(memberships.userId, apiTokens.createdBy), lte(memberships.createdAt, apiTokens.createdAt)),
    )
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))));
  if (!row) return null;
  const now = new Date();
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS)))));
  return { teamId: row.teamId, tokenId: row.id };
}

/**
 * Who a failed attempt is counted against: the first entry of `x-forwarded-for` (Next sets it
 * from the socket when a request arrives without one, and the server's edge decides which
 * proxies may set it; see README), grouped as every per-address limit groups callers.
 */
export function callerSubject(headers: Headers): string {
  return addressSubject(headers.get("x-forwarded-for")?.split(",")[0]);
}

function tooManyFailures(retryAfterSeconds: number): ApiError {
  return new ApiError(429, failedTokenLimit().refusal(describeWait(retryAfterSeconds)), {}, { "retry-after": String(retryAfterSeconds) });
}

/**
 * The caller of a request that arrived over HTTP. An address that has made too many failed
 * token attempts gets 429 before any lookup. Each attempt is counted before its lookup, in
 * one atomic statement, and taken back when the token is good: counted after, every request
 * of a parallel burst would be looked up while the count still read zero. A request without
 * an Authorization header guesses nothing and is not counted.
 */
export async function authenticateRequest(request: Request): Promise<EngineCaller> {
  const header = request.headers.get("authorization");
  if (!header) throw new ApiError(401, UNAUTHORIZED_DETAIL);
  const address = callerSubject(request.headers);
  const db = await getDb();
  const attempt = await consume(db, failedTokenLimit(), address);
  if (attempt.limited) throw tooManyFailures(attempt.retryAfterSeconds);
  const caller = await authenticateToken(header);
  if (!caller) throw new ApiError(401, UNAUTHORIZED_DETAIL);
  await refund(db, failedTokenLimit(), address);
  return caller;
}
