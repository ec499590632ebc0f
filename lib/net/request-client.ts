import "server-only";
import { getConfig } from "@/lib/config/env";
import { forwardedHeadersVerified } from "./forwarded-headers";
import { canonicalIpAddress } from "./ip-address";
import { originFromHeaders } from "./public-origin";

/**
 * The client's address for the audit history and per-address limits: the socket peer, or
 * the client a trusted proxy names (see lib/net/forwarded-headers.ts, which leaves exactly
 * that one address in X-Forwarded-For). Unknown when the request was not checked: a
 * recorded address must never be one the client chose.
 */
export function clientAddressFrom(headers: Headers): string | undefined {
  if (!forwardedHeadersVerified(headers)) return undefined;
  return canonicalIpAddress(headers.get("x-forwarded-for")?.split(",")[0]) ?? undefined;
}

/** The portal's origin as the browser sees it, for absolute links (see `originFromHeaders`). */
export function requestOriginFrom(headers: Headers): string {
  return originFromHeaders(headers, {
    publicOrigin: getConfig().publicOrigin,
    forwardedVerified: forwardedHeadersVerified(headers),
    port: process.env.PORT,
  });
}
