import "server-only";
import type { Queryable } from "@/db";
import { getConfig } from "@/lib/config/env";
import { addressOf, enforce, type RateLimit } from "./rate-limit";
import type { RequestMeta } from "./member";

/**
 * Sign-ups per address: 5 an hour. A household or an office signing its people up one after
 * another fits; a script creating accounts in bulk (50 in 3 s before this limit) does not.
 * Every attempt that passes the form's checks counts, the refused "this e-mail already exists"
 * ones too: otherwise the form would be a free oracle of who has an account.
 * `REGISTRATION_LIMIT_PER_IP` overrides it.
 */
export function registrationLimit(): RateLimit {
  return {
    scope: "registration",
    ...(getConfig().rateLimits.registrationPerIp ?? { max: 5, windowSeconds: 60 * 60 }),
    refusal: (wait) => `Too many accounts were requested from your network. Try again in ${wait}.`,
  };
}

/** Counts a sign-up from the web and throws `rate_limited:registration` (429) over the limit. */
export async function enforceRegistrationLimit(q: Queryable, request: RequestMeta): Promise<void> {
  await enforce(q, registrationLimit(), addressOf(request));
}
