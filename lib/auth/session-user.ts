import "server-only";
import { createHash } from "node:crypto";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import { getConfig } from "@/lib/config/env";
import { getAuthSecret } from "@/lib/config/secrets";
import { authConfig } from "./auth.config";
import { decodeSessionCookie, findSessionCookie, secureCookies, SESSION_COOKIE_NAMES, type SessionClaims } from "./session-claims";
import { rememberedSessions } from "./session-memo";

export type { SessionClaims } from "./session-claims";

/**
 * The session cookie names Auth.js itself would read: only the `__Secure-` one when
 * PUBLIC_ORIGIN is https (a plain cookie could have been planted over http by someone on the
 * network), only the plain one when it is http, and either when the scheme is decided per request.
 */
function sessionCookieNames(): readonly string[] {
  const [secureName, plainName] = SESSION_COOKIE_NAMES;
  const secure = secureCookies(getConfig().publicOrigin);
  return secure === undefined ? SESSION_COOKIE_NAMES : secure ? [secureName] : [plainName];
}

const REMEMBER_MS = 5 * 60 * 1000;
const REMEMBER_MAX = 5_000;

/**
 * What this request's session cookie says (user and epoch), or null. Reads the cookie only:
 * whether the session still holds is for the caller to check against the user's current
 * epoch (`lookupSessionMember`, or `sessionEpochOf` in `userAction`), in the query it makes anyway.
 *
 * Decrypted cookies are remembered, keyed by a hash of the cookie: a status view polls every
 * few seconds, and Auth.js's `auth()` decrypts the JWE, runs the callbacks and re-encrypts a
 * fresh token on every call, which was most of a status poll's cost. The same cookie always
 * decrypts to the same claims, so remembering them changes nothing but the cost; an entry
 * never outlives the token's own expiry.
 */
export async function sessionClaims(): Promise<SessionClaims | null> {
  const cookie = findSessionCookie((await cookies()).getAll(), sessionCookieNames());
  if (!cookie) return null;
  const key = createHash("sha256").update(cookie.name).update("\0").update(cookie.value).digest("base64url");
  const now = Date.now();
  const hit = rememberedSessions.get(key);
  if (hit && hit.until > now) return { userId: hit.userId, epoch: hit.epoch, expiresAt: hit.expiresAt };
  if (hit) rememberedSessions.delete(key);

  const claims = await decodeSessionCookie(cookie, getAuthSecret());
  if (!claims) return null;
  if (rememberedSessions.size >= REMEMBER_MAX) rememberedSessions.delete(rememberedSessions.keys().next().value!);
  rememberedSessions.set(key, { ...claims, until: Math.min(claims.expiresAt, now + REMEMBER_MS) });
  return claims;
}

/**
 * Re-issues this request's session cookie under `epoch`, as Auth.js issues it (same cookie,
 * same salt, same flags, a fresh expiry): after a password change raised the epoch, this
 * session stays signed in while every other one ends. Server actions only (cookies are set).
 */
export async function reissueSessionCookie(epoch: number): Promise<void> {
  const jar = await cookies();
  const cookie = findSessionCookie(jar.getAll(), sessionCookieNames());
  if (!cookie) return;
  const secret = getAuthSecret();
  const claims = await decode({ token: cookie.value, secret, salt: cookie.name }).catch(() => null);
  if (!claims?.sub) return;
  const maxAge = authConfig.session.maxAge;
  const value = await encode({ token: { ...claims, epoch }, secret, salt: cookie.name, maxAge });
  // Our tokens are far below one cookie's 4 kB; parts of an older split one are removed.
  for (const name of cookie.chunkNames) jar.delete(name);
  jar.set(cookie.name, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: cookie.name.startsWith("__Secure-"),
    expires: new Date(Date.now() + maxAge * 1000),
  });
}
