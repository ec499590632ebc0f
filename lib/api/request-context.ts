import type { RequestMeta } from "@/lib/portal/member";

/**
 * Who is asking, from a request's own headers: what `requestMeta()` (lib/portal/session.ts)
 * reads through next/headers, for code that holds the Request and has no session to load
 * (share links' routes), so it needs neither Next's request scope nor Auth.js.
 */
export function requestMetaFrom(headers: Headers): RequestMeta {
  return {
    ip: headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? headers.get("x-real-ip") ?? undefined,
    userAgent: headers.get("user-agent") ?? undefined,
  };
}

/** The portal's public origin as the browser sees it, for links the engine signs; as `requestOrigin()`. */
export function requestOriginFrom(headers: Headers): string {
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
