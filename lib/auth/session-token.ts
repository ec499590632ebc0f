import "server-only";
import type { JWT } from "next-auth/jwt";
import { sessionEpochOf } from "@/lib/portal/session-epoch";
import { epochClaim } from "./session-claims";

/**
 * Auth.js's `jwt` callback: what a session token holds when it is issued (`user` is set) and
 * whether it still holds on each of Auth.js's own reads (`auth()`, /api/auth/session).
 */
export async function sessionJwt({ token, user }: { token: JWT; user?: { id?: string | null; sessionEpoch?: unknown } }): Promise<JWT | null> {
  if (user?.id) {
    // Signing in: the session is issued under the epoch the sign-in proved itself against, so
    // raising the epoch (password change, sign out everywhere, removal from a team) ends it.
    // A password sign-in brings the epoch read with the hash it checked (`authenticate`): read
    // again here, a password changed during the argon2 check would let the old one in for good.
    // Other sign-ins (GitHub, through the adapter) take the current one.
    const proved = user.sessionEpoch;
    const epoch = typeof proved === "number" && Number.isInteger(proved) && proved >= 0 ? proved : await sessionEpochOf(user.id);
    return epoch === null ? null : { ...token, sub: user.id, epoch };
  }
  // Auth.js's own reads (`auth()`, /api/auth/session): a session from before the last
  // bump is none, and Auth.js then clears its cookie. Nothing here re-reads the epoch
  // into a token, so a client-side session update cannot revive an ended session.
  if (!token.sub || (await sessionEpochOf(token.sub)) !== epochClaim(token)) return null;
  return token;
}
