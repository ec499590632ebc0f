import type { RequestMeta } from "@/lib/portal/member";
import { clientAddressFrom, requestOriginFrom as originFrom } from "@/lib/net/request-client";

/**
 * Who is asking, from a request's own headers: what `requestMeta()` (lib/portal/session.ts)
 * reads through next/headers, for code that holds the Request and has no session to load
 * (share links' routes), so it needs neither Next's request scope nor Auth.js. The address
 * is the checked one (lib/net/forwarded-headers.ts), never a client's own X-Forwarded-For.
 */
export function requestMetaFrom(headers: Headers): RequestMeta {
  return {
    ip: clientAddressFrom(headers),
    userAgent: headers.get("user-agent") ?? undefined,
  };
}

/** The portal's public origin as the browser sees it, for links the engine signs; as `requestOrigin()`. */
export function requestOriginFrom(headers: Headers): string {
  return originFrom(headers);
}
