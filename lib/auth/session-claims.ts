import { decode } from "next-auth/jwt";

/**
 * Reading Auth.js's session cookie without Auth.js's request machinery: which cookie holds
 * the session, and what a session token says. No Next or database imports, so tests can
 * check it with tokens Auth.js's own `encode` made.
 */

/** Auth.js's session cookie; `__Secure-` when the portal is served over https. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

export interface SessionCookie {
  /** The cookie's name, which is also the salt its token was encrypted with. */
  name: string;
  value: string;
  /** A token too large for one cookie is split into `<name>.0`, `<name>.1`…; these are those parts. */
  chunkNames: string[];
}

export interface SessionClaims {
  userId: string;
  /** The user's session epoch when the session was issued; 0 for tokens older than epochs. */
  epoch: number;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
}

/** Auth.js's `useSecureCookies`: fixed by PUBLIC_ORIGIN's scheme, else decided per request. */
export function secureCookies(publicOrigin: string | undefined): boolean | undefined {
  return publicOrigin ? publicOrigin.startsWith("https:") : undefined;
}

/** The session cookie among a request's cookies (of the names given), its split parts reassembled in order. */
export function findSessionCookie(all: ReadonlyArray<{ name: string; value: string }>, names: readonly string[] = SESSION_COOKIE_NAMES): SessionCookie | null {
  for (const name of names) {
    const whole = all.find((c) => c.name === name && c.value);
    if (whole) return { name, value: whole.value, chunkNames: [] };
    const chunks = all
      .map((c) => ({ ...c, index: c.name.startsWith(`${name}.`) ? Number(c.name.slice(name.length + 1)) : Number.NaN }))
      .filter((c) => Number.isInteger(c.index) && c.index >= 0)
      .sort((a, b) => a.index - b.index);
    if (chunks.length) return { name, value: chunks.map((c) => c.value).join(""), chunkNames: chunks.map((c) => c.name) };
  }
  return null;
}

/**
 * The epoch a token was issued under. Tokens issued before sessions carried one count as
 * epoch 0, the epoch every user starts with; anything that is not a whole number counts as
 * no epoch at all (-1), which matches no user.
 */
export function epochClaim(claims: Record<string, unknown>): number {
  if (!("epoch" in claims) || claims.epoch === undefined) return 0;
  return typeof claims.epoch === "number" && Number.isInteger(claims.epoch) && claims.epoch >= 0 ? claims.epoch : -1;
}

/** Decrypts the cookie with Auth.js's own `decode`; null for anything that is not a live session. */
export async function decodeSessionCookie(cookie: Pick<SessionCookie, "name" | "value">, secret: string): Promise<SessionClaims | null> {
  const claims = await decode({ token: cookie.value, secret, salt: cookie.name }).catch(() => null);
  const userId = typeof claims?.sub === "string" && claims.sub ? claims.sub : null;
  if (!claims || !userId) return null;
  return { userId, epoch: epochClaim(claims), expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : Date.now() };
}
