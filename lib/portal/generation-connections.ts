import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { generationConnections, users } from "@/db/schema";
import { outboundConfig } from "@/lib/config/env";
import { getAuthSecret } from "@/lib/config/secrets";
import { deriveKey, open, seal } from "@/lib/crypto/secret-box";
import { PortalError } from "@/lib/errors";
import { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { HttpTransport } from "@/lib/generation/transports/http";
import { literalRefusal } from "@/lib/net/address-policy";
import { auditFor, recordAudit } from "./audit";
import { requirePermission, type ActingMember } from "./member";
import { enforce, type RateLimit } from "./rate-limit";
import { isShareAccess, type BatchReader } from "./share-access";

/** Fixed, so the key stays the same across restarts; a new purpose gets a new string. */
const TOKEN_KEY_INFO = "infinity-portal/generation-connection-token/v1";
const TEST_TIMEOUT_MS = 5_000;
const DENIED = "Only owners and admins can change the team's Generation API.";

/**
 * A test makes the server call an address of the caller's choosing: few enough per team that
 * it cannot be used to probe a network, plenty for someone setting up a connection.
 */
export const CONNECTION_TESTS: RateLimit = {
  scope: "generation_connection_test",
  max: 10,
  windowSeconds: 10 * 60,
  refusal: (wait) => `This team has tested its Generation API connection 10 times in the last 10 minutes. Try again in ${wait}.`,
};

/** Said for a new address with an empty token field, at save and at test. */
const RETYPE_TOKEN = "Enter the API token again for this address: a stored token is only ever sent to the address it was saved with.";

function tokenKey(): Buffer {
  return deriveKey(getAuthSecret(), TOKEN_KEY_INFO);
}

const URL_HINT = "Enter the Generation API's address, starting with http:// or https://, like https://engine.example.com/.";

/** http(s) only, no credentials in the address: the token has its own field and never sits in a URL. */
export const generationUrlSchema = z
  .string({ error: URL_HINT })
  .trim()
  .min(1, { error: URL_HINT })
  .max(2_000, { error: "That address is too long." })
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: URL_HINT });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: `Only http:// and https:// addresses can be used, not ${url.protocol}//. ${URL_HINT}` });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Leave the user name and password out of the address; put the API token in the Token field." });
      return z.NEVER;
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: "custom", message: "Give the server's base address only, without ? or # parts, like https://engine.example.com/." });
      return z.NEVER;
    }
    return url.href;
  });

/** Empty means "keep the stored token" (for the same address); anything else replaces it. */
export const generationTokenSchema = z
  .string()
  .trim()
  .max(1_000, { error: "That token is too long." })
  .regex(/^[\x21-\x7e]*$/, { error: "A token has no spaces or special characters; paste it exactly as the Generation API gave it." })
  .optional()
  .transform((v) => (v ? v : undefined));

function fieldError(field: "url" | "token", message: string) {
  return new PortalError("bad_request:generation_connection", message, { field });
}

function parseUrl(value: unknown): string {
  const parsed = generationUrlSchema.safeParse(value);
  if (!parsed.success) throw fieldError("url", parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * An address typed as a private or otherwise non-public IP is refused at once, with what a
 * self-hosted setup must do. Names are checked when a connection is made (what they resolve
 * to can change), by the outbound guard.
 */
function refuseNonPublicLiteral(url: string): void {
  const parsed = new URL(url);
  const refused = literalRefusal(parsed, outboundConfig().allow);
  if (!refused) return;
  throw fieldError(
    "url",
    `The portal does not connect to ${parsed.hostname}: it is not a public address (${refused.range}). If this portal is self-hosted next to that Generation API, whoever runs it can allow it with OUTBOUND_ALLOW=${parsed.host}.`,
  );
}

function parseToken(value: unknown): string | undefined {
  const parsed = generationTokenSchema.safeParse(value ?? undefined);
  if (!parsed.success) throw fieldError("token", parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Enough to recognise a token, never enough to use it. */
function hintOf(token: string): string {
  return token.length <= 8 ? "" : token.slice(-4);
}

export interface GenerationConnectionView {
  url: string;
  /** The token's last characters, for owners and admins only. */
  tokenHint: string | null;
  updatedAt: Date;
  updatedByName: string | null;
}

/** Whether the team uses a Generation API of its own. Every member may know; only admins see the token hint. */
export async function getGenerationConnection(member: ActingMember): Promise<GenerationConnectionView | null> {
  const db = await getDb();
  const role = await requirePermission(db, member, "team:read", "You are not a member of this team.");
  const [row] = await db
    .select({
      url: generationConnections.url,
      tokenHint: generationConnections.tokenHint,
      updatedAt: generationConnections.updatedAt,
      updatedByName: users.name,
      updatedByEmail: users.email,
    })
    .from(generationConnections)
    .leftJoin(users, eq(users.id, generationConnections.updatedBy))
    .where(eq(generationConnections.teamId, member.teamId));
  if (!row) return null;
  const admin = role === "owner" || role === "admin";
  return { url: row.url, tokenHint: admin ? row.tokenHint : null, updatedAt: row.updatedAt, updatedByName: row.updatedByName ?? row.updatedByEmail };
}

/**
 * The team's upstream with its token opened, for the Generation API client only: it never
 * leaves the server. `problem` is set when the stored token no longer opens (AUTH_SECRET
 * was changed), so the client can fail with a sentence instead of sending garbage.
 */
export async function teamGenerationTarget(member: BatchReader): Promise<GenerationTarget | null> {
  // A share link reads its batch through the team's upstream; the token was checked when it was resolved.
  if (!isShareAccess(member)) await requirePermission(await getDb(), member, "team:read", "You are not a member of this team.");
  return generationTargetOfTeam(member.teamId);
}

type GenerationTarget = { url: string; token: string } | { url: string; problem: string };

/**
 * The same for the portal's own background work on a team's batches (the submission
 * reconciler), where nobody is acting: never for a request.
 */
export async function generationTargetOfTeam(teamId: string): Promise<GenerationTarget | null> {
  const db = await getDb();
  const [row] = await db
    .select({ url: generationConnections.url, sealed: generationConnections.tokenCiphertext })
    .from(generationConnections)
    .where(eq(generationConnections.teamId, teamId));
  if (!row) return null;
  try {
    return { url: row.url, token: open(row.sealed, tokenKey(), teamId) };
  } catch {
    return {
      url: row.url,
      problem: "The stored token of the team's Generation API can no longer be read (the portal's AUTH_SECRET changed). An owner or admin must enter it again in Settings → Generation API.",
    };
  }
}

/**
 * Sets the team's upstream. The token is sealed with the team id as associated data. An
 * empty token keeps the stored one only when the address stays the same: a token goes to no
 * address but the one it was saved with, whoever may change the address.
 */
export async function saveGenerationConnection(member: ActingMember, input: { url: unknown; token?: unknown }): Promise<{ url: string; tokenHint: string }> {
  const url = parseUrl(input.url);
  const token = parseToken(input.token);
  refuseNonPublicLiteral(url);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requirePermission(tx, member, "generation:configure", DENIED);
    const [existing] = await tx
      .select({ url: generationConnections.url, tokenHint: generationConnections.tokenHint })
      .from(generationConnections)
      .where(eq(generationConnections.teamId, member.teamId));
    if (!token && !existing) throw fieldError("token", "Enter the API token that Generation API gave you.");
    // Otherwise anyone who may change the address could send the stored token anywhere.
    if (!token && existing!.url !== url) throw fieldError("token", RETYPE_TOKEN);
    const sealed = token ? { tokenCiphertext: seal(token, tokenKey(), member.teamId), tokenHint: hintOf(token) } : undefined;
    const values = { url, updatedBy: member.userId, updatedAt: new Date(), ...sealed };
    if (existing) {
      await tx.update(generationConnections).set(values).where(eq(generationConnections.teamId, member.teamId));
    } else {
      // Two first saves at once: the later one wins, as two saves in a row would.
      await tx
        .insert(generationConnections)
        .values({ teamId: member.teamId, ...values, ...sealed! })
        .onConflictDoUpdate({ target: generationConnections.teamId, set: values });
    }
    const tokenHint = token ? hintOf(token) : existing!.tokenHint;
    await recordAudit(
      tx,
      auditFor(member, "generation_connection.saved", { type: "team", id: member.teamId }, { url, previousUrl: existing?.url ?? null, tokenHint, tokenReplaced: Boolean(token) }),
    );
    return { url, tokenHint };
  });
}

/** Back to the built-in engine (or the deployment's GENERATION_API_URL). */
export async function clearGenerationConnection(member: ActingMember): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requirePermission(tx, member, "generation:configure", DENIED);
    const [removed] = await tx
      .delete(generationConnections)
      .where(eq(generationConnections.teamId, member.teamId))
      .returning({ url: generationConnections.url, tokenHint: generationConnections.tokenHint });
    if (!removed) throw new PortalError("not_found:generation_connection", "The team has no Generation API of its own to clear.");
    await recordAudit(tx, auditFor(member, "generation_connection.cleared", { type: "team", id: member.teamId }, { url: removed.url, tokenHint: removed.tokenHint }));
  });
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  generators?: string[];
  ms?: number;
}

/**
 * What a failed test says. Until a server has answered over HTTP, every failure reads the same
 * (refused address, unknown name, closed port, no answer, TLS), so a test cannot tell what
 * exists or listens on a network. Once one answered, it is told why it is not usable.
 */
function describeFailure(error: GenerationApiError, url: string): string {
  const origin = new URL(url).origin;
  if (error.status === undefined || error.kind === "timeout") {
    return `No Generation API answered at ${origin}. Check the address: the server may be down, slower than ${TEST_TIMEOUT_MS / 1000} s, or unreachable from the portal (a Generation API on a private network must be listed in OUTBOUND_ALLOW by whoever runs the portal).`;
  }
  if (error.kind === "unauthorized") return `${origin} refused the token (HTTP ${error.status}). Check it, or create a new token on that Generation API.`;
  if (error.kind === "not_found") return `${origin} answered, but not as a Generation API: GET /api/jobs/ gave HTTP 404. Check the address.`;
  return `${origin} answered, but not as a Generation API: ${error.message}`;
}

/**
 * Lists the upstream's generators with the entered address and token, or the stored ones
 * where a field is left empty. The stored token is only sent to the address it was saved
 * with; a new address needs its token typed. Writes nothing but the team's test count:
 * owners and admins only, and throttled, because it makes the server call an address of the
 * caller's choosing.
 */
export async function testGenerationConnection(member: ActingMember, input: { url?: unknown; token?: unknown }): Promise<ConnectionTestResult> {
  const db = await getDb();
  await requirePermission(db, member, "generation:configure", DENIED);
  const enteredUrl = typeof input.url === "string" && input.url.trim() ? parseUrl(input.url) : undefined;
  const enteredToken = parseToken(input.token);
  const stored = enteredUrl && enteredToken ? null : await teamGenerationTarget(member);
  const url = enteredUrl ?? stored?.url;
  if (!url) throw fieldError("url", URL_HINT);
  let token = enteredToken;
  if (!token && stored) {
    if (stored.url !== url) throw fieldError("token", RETYPE_TOKEN);
    if ("problem" in stored) throw fieldError("token", stored.problem);
    token = stored.token;
  }
  if (!token) throw fieldError("token", "Enter the API token that Generation API gave you.");
  await enforce(db, CONNECTION_TESTS, member.teamId);

  const client = new GenerationClient(new HttpTransport({ baseUrl: url, token, timeoutMs: TEST_TIMEOUT_MS, retries: 0 }));
  const started = performance.now();
  try {
    const generators = (await client.listGenerators()).map((g) => g.name);
    const ms = Math.round(performance.now() - started);
    const names = generators.length ? `: ${generators.slice(0, 3).join(", ")}${generators.length > 3 ? ", …" : ""}` : "";
    return { ok: true, message: `Connected — ${generators.length} generator${generators.length === 1 ? "" : "s"}${names} (in ${ms} ms)`, generators, ms };
  } catch (error) {
    if (error instanceof GenerationApiError) return { ok: false, message: describeFailure(error, url) };
    throw error;
  }
}
