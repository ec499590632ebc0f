import "server-only";
import type { Queryable } from "@/db";
import { getConfig } from "@/lib/config/env";
import { consume, peek, rateLimitedError, type RateLimit } from "./rate-limit";

/**
 * Share-token lookups that open nothing (unknown, revoked or expired tokens), per address:
 * 30 in 10 minutes, then every share link is refused to that address until the window ends.
 * Tokens are 256 random bits, so this is not what keeps them secret; it stops a scanner from
 * trying tokens (and costing a database query each) at full speed. Lookups of a working link
 * never count, so a visitor whose report polls its status and loads its gallery is never
 * refused; a few dead links (a revoked link left open in a tab retries with growing pauses)
 * stay well under it. `SHARE_LOOKUP_LIMIT_PER_IP` overrides it.
 */
export function shareLookupLimit(): RateLimit {
  return {
    scope: "share_lookup",
    ...(getConfig().rateLimits.shareLookupPerIp ?? { max: 30, windowSeconds: 10 * 60 }),
    refusal: (wait) => `Too many share links that do not work were opened from your network. Wait ${wait}, then try your link again.`,
  };
}

/**
 * Refuses (`rate_limited:share_lookup`, 429) an address that has used up its failed lookups,
 * before its token is looked up: answering a working token while refusing dead ones would
 * tell the scanner which is which. Checked without counting, so working links cost no write.
 */
export async function refuseAfterFailedLookups(q: Queryable, address: string): Promise<void> {
  const limit = shareLookupLimit();
  const state = await peek(q, limit, address);
  if (state.limited) throw rateLimitedError(limit, state);
}

/**
 * Counts a lookup that opened nothing. Parallel dead lookups that all passed the check above
 * are all answered "not found": an address overshoots by at most its requests in flight.
 */
export async function countFailedLookup(q: Queryable, address: string): Promise<void> {
  await consume(q, shareLookupLimit(), address);
}
