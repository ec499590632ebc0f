import { describeBytes } from "@/lib/format/bytes";

/** Why an outbound request did not give a usable answer. */
export type OutboundFailure =
  | "refused_url" // not http(s), or credentials in the URL
  | "refused_address" // the host is not public and not allowed, or its name does not resolve
  | "connect_failed" // an allowed address, but no connection (refused, unreachable, TLS)
  | "timeout" // no status and headers in time, or the whole exchange took too long
  | "body_timeout" // the body stopped arriving
  | "too_large" // more bytes than the caller accepts
  | "redirect" // a 3xx: never followed
  | "aborted" // the caller cancelled
  | "failed"; // the connection broke while the body arrived

export interface OutboundErrorDetails {
  origin: string;
  /** The HTTP status, once the server answered one. */
  status?: number;
  /** The system or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED…). */
  code?: string;
  /** Where a redirect pointed (its origin only). */
  location?: string;
  limit?: number;
}

const OUTBOUND_ERROR = Symbol.for("infinity.net.outbound-error");

/**
 * A refusal or failure of the outbound guard, with a sentence for people. `refused_address`
 * reads the same whether the name does not exist or resolves to a private address, so the
 * answer never tells what is inside the network.
 */
export class OutboundError extends Error {
  readonly [OUTBOUND_ERROR] = true;
  constructor(
    readonly reason: OutboundFailure,
    message: string,
    readonly details: OutboundErrorDetails,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

/**
 * Whether `error` is the guard's, made by any copy of this module: Next bundles it more than
 * once, and the one connection pool (with its connector) is shared by every copy, so an error
 * from the connector may be another copy's class, which `instanceof` does not recognise.
 */
export function isOutboundError(error: unknown): error is OutboundError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[OUTBOUND_ERROR] === true;
}

/** "5 s", "0.2 s". */
export function describeSeconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export const outboundErrors = {
  refusedUrl: (url: string) =>
    new OutboundError("refused_url", "Only http:// and https:// addresses without a user name or password can be fetched.", { origin: url.slice(0, 200) }),
  refusedAddress: (origin: string) =>
    new OutboundError(
      "refused_address",
      `The portal does not connect to ${origin}: that host was not found, or it is not a public address. A server on a private network must be listed in OUTBOUND_ALLOW by whoever runs the portal.`,
      { origin },
    ),
  connectFailed: (origin: string, code: string) => new OutboundError("connect_failed", `Could not connect to ${origin} (${code}).`, { origin, code }),
  timeout: (origin: string, ms: number) => new OutboundError("timeout", `${origin} did not answer within ${describeSeconds(ms)}.`, { origin, limit: ms }),
  bodyTimeout: (origin: string, ms: number, status?: number) =>
    new OutboundError("body_timeout", `${origin} stopped sending: nothing arrived for ${describeSeconds(ms)}.`, { origin, status, limit: ms }),
  tooLarge: (origin: string, limit: number, status: number) =>
    new OutboundError("too_large", `${origin} sent more than ${describeBytes(limit)}; the portal stops reading there.`, { origin, status, limit }),
  redirect: (origin: string, status: number, location: string | undefined) =>
    new OutboundError("redirect", `${origin} answered with a redirect (HTTP ${status}${location ? ` to ${location}` : ""}); the portal does not follow redirects.`, {
      origin,
      status,
      location,
    }),
  aborted: (origin: string) => new OutboundError("aborted", `The request to ${origin} was cancelled.`, { origin }),
  failed: (origin: string, code: string, status?: number) => new OutboundError("failed", `The connection to ${origin} broke (${code}).`, { origin, code, status }),
};
