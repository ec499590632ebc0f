import { isHostHeader } from "./trusted-proxies";

export class PublicOriginError extends Error {}

/**
 * `PUBLIC_ORIGIN`: where people reach the portal, e.g. `https://portal.example.com`. Only a
 * scheme, host and optional port: a path would be silently dropped from every link, so it is
 * refused rather than guessed at.
 */
export function parsePublicOrigin(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (!URL.canParse(text)) throw new PublicOriginError(`"${text}" is not a URL; set it like https://portal.example.com`);
  const url = new URL(text);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new PublicOriginError("must start with https:// (or http:// for a local setup)");
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    throw new PublicOriginError(`must be an origin only (scheme, host and port), like ${url.origin}`);
  }
  return url.origin;
}

export interface OriginSources {
  /** PUBLIC_ORIGIN, when configured: it wins over anything a request says. */
  publicOrigin?: string;
  /**
   * Whether this request's forwarded headers went through the normaliser
   * (lib/net/forwarded-headers.ts): only then is X-Forwarded-Host a trusted proxy's word,
   * and X-Forwarded-Proto either a trusted proxy's or Next.js's own reading of the socket.
   */
  forwardedVerified: boolean;
  /** The port this server listens on, for the last-resort origin. */
  port?: string;
}

/**
 * The portal's origin as the browser sees it, for absolute links (share links, the result
 * links the built-in engine signs, Open Graph images, notebooks, the API snippet). A
 * configured PUBLIC_ORIGIN, else the request's own Host (or a trusted proxy's
 * X-Forwarded-Host). A client-supplied X-Forwarded-Host is never used: it would let anyone
 * choose the host of links the portal hands out.
 */
export function originFromHeaders(headers: Headers, sources: OriginSources): string {
  if (sources.publicOrigin) return sources.publicOrigin;
  const candidates = sources.forwardedVerified ? [headers.get("x-forwarded-host"), headers.get("host")] : [headers.get("host")];
  const host = candidates.find((h): h is string => typeof h === "string" && isHostHeader(h)) ?? `localhost:${sources.port ?? "3000"}`;
  const forwardedProto = sources.forwardedVerified ? headers.get("x-forwarded-proto") : null;
  const proto = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : isLocalHost(host) ? "http" : "https";
  return `${proto}://${host.toLowerCase()}`;
}

function isLocalHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name.startsWith("127.") || name === "[::1]";
}
