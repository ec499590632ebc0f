import { randomBytes } from "node:crypto";

/**
 * Generation API tokens look like `inf_<43 url-safe characters>`. The fixed `inf_` start lets
 * secret scanners (and people) recognise a leaked token; the 256 random bits after it are the
 * actual secret.
 */
export const API_TOKEN_START = "inf_";

/** Characters kept for display: `inf_` plus 8 random ones, enough to tell tokens apart. */
export const API_TOKEN_PREFIX_LENGTH = 12;

/** A new token (shown once) and its display prefix (stored). Store the token only hashed. */
export function newApiToken(): { token: string; prefix: string } {
  const token = API_TOKEN_START + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX_LENGTH) };
}
