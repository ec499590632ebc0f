import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { getConfig } from "@/lib/config/env";
import { getAuthSecret } from "@/lib/config/secrets";
import { auth, secureCookies } from "./auth";

/** Auth.js's session cookie; `__Secure-` when the portal is served over https. */
const SECURE_COOKIE = "__Secure-authjs.session-token";
const PLAIN_COOKIE = "authjs.session-token";

/**
 * The names Auth.js itself would read: only the `__Secure-` one when PUBLIC_ORIGIN is https (a
 * plain cookie could have been planted over http by someone on the network), only the plain
 * one when it is http, and either when the scheme is decided per request.
 */
function sessionCookieNames(): readonly string[] {
  const secure = secureCookies(getConfig().publicOrigin);
  return secure === undefined ? [SECURE_COOKIE, PLAIN_COOKIE] : secure ? [SECURE_COOKIE] : [PLAIN_COOKIE];
}
const REMEMBER_MS = 5 * 60 * 1000;
const REMEMBER_MAX = 5_000;

/**
 * Decrypted session cookies, keyed by a hash of the cookie: a status view polls every few
 * seconds, and Auth.js's `auth()` decrypts the JWE, runs the callbacks and re-encrypts a fresh
 * token on every call,
 * which was most of a status poll's cost. The same
 * cookie always decrypts to the same claims, so remembering them changes nothing but the
 * cost; an entry never outlives the token's own expiry. On globalThis: Next bundles this
 * module separately for route handlers and pages.
 */
const remembered: Map<string, { userId: string; until: number }> = ((globalThis as { __sessionUsers?: Map<string, { userId: string; until: number }> }).__sessionUsers ??= new Map());

/** The signed-in user's id for this request, or null. Reads the session cookie only. */
export async function sessionUserId(): Promise<string | null> {
  const jar = await cookies();
  const names = sessionCookieNames();
  const cookie = names.map((name) => ({ name, value: jar.get(name)?.value })).find((c) => c.value);
  if (!cookie) {
    // A session too large for one cookie is split into `.0`, `.1`…; Auth.js reassembles those.
    if (jar.getAll().some((c) => names.some((name) => c.name.startsWith(`${name}.`)))) return (await auth())?.user?.id ?? null;
    return null;
  }
  const key = createHash("sha256").update(cookie.name).update("\0").update(cookie.value!).digest("base64url");
  const now = Date.now();
  const hit = remembered.get(key);
  if (hit && hit.until > now) return hit.userId;
  if (hit) remembered.delete(key);

  const claims = await decode({ token: cookie.value, secret: getAuthSecret(), salt: cookie.name }).catch(() => null);
  const userId = typeof claims?.sub === "string" && claims.sub ? claims.sub : null;
  if (!userId) return null;
  const expires = typeof claims?.exp === "number" ? claims.exp * 1000 : now;
  if (remembered.size >= REMEMBER_MAX) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { userId, until: Math.min(expires, now + REMEMBER_MS) });
  return userId;
}
