import "server-only";
import type { Queryable } from "@/db";
import { PortalError } from "@/lib/errors";
import { addressSubject } from "@/lib/rate-limit/address-subject";
import type { RequestMeta } from "./member";
import { consume, describeWait, type LimitState, type RateLimit } from "@/lib/rate-limit/counters";

// The counters themselves live where the engine can use them too; the portal adds its error.
export { consume, describeWait, peek, refund, reset, type LimitState, type RateLimit } from "@/lib/rate-limit/counters";

/** The subject of a per-address limit (an IPv6 caller counts as its /64; see `addressSubject`). */
export function addressOf(request: RequestMeta | undefined): string {
  return addressSubject(request?.ip);
}

/** The error a refused event throws: 429 with Retry-After and the limit's own sentence. */
export function rateLimitedError(limit: RateLimit, state: LimitState): PortalError {
  return new PortalError(`rate_limited:${limit.scope}`, limit.refusal(describeWait(state.retryAfterSeconds)), { retryAfterSeconds: state.retryAfterSeconds });
}

/** Counts the event and throws when it is over the limit. */
export async function enforce(q: Queryable, limit: RateLimit, subject: string, now = new Date()): Promise<void> {
  const state = await consume(q, limit, subject, now);
  if (state.limited) throw rateLimitedError(limit, state);
}
