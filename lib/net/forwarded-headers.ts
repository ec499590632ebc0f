import { randomBytes, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { normaliseForwardedHeaders, type TrustedProxies } from "./trusted-proxies";

/**
 * Forwarded headers (X-Forwarded-For, -Host, -Proto, -Port, X-Real-IP, Forwarded) made
 * trustworthy for the whole process, without a custom server.
 *
 * Next.js believes whatever X-Forwarded-For a client sends (its base server only fills the
 * header when it is missing), and so would every reader after it. Node publishes each request
 * on the diagnostics channel "http.server.request.start" synchronously, with the socket,
 * before the server's 'request' listeners run: that is the one point that sees every request
 * of `next start` and `next dev` first, with the real peer address. There the headers are
 * rewritten (see `normaliseForwardedHeaders`) and the request is stamped with a header whose
 * value is a secret of this process. Readers (`forwardedHeadersVerified`) believe the
 * forwarded headers only on a request that carries the stamp: a request served before the
 * normaliser was installed (the first ones while the server starts) or in a process where
 * it never was, fails closed, and that is logged once.
 */
const CHANNEL = "http.server.request.start";
const STAMP_HEADER = "x-infinity-forwarded-check";

interface Installed {
  secret: Buffer;
  trusted: TrustedProxies;
}

// On globalThis: Next bundles this module once for instrumentation and again for routes and
// pages, and all of them must see the one normaliser this process runs.
const SLOT = Symbol.for("infinity.portal.forwarded-headers");
const slots = globalThis as unknown as Record<symbol, Installed | undefined>;
const WARNED = Symbol.for("infinity.portal.forwarded-headers.warned");
const flags = globalThis as unknown as Record<symbol, boolean | undefined>;

/** Starts normalising every request this process serves; later calls only update `trusted`. */
export function installForwardedHeaderNormaliser(trusted: TrustedProxies): void {
  const existing = slots[SLOT];
  if (existing) {
    existing.trusted = trusted;
    return;
  }
  const installed: Installed = { secret: randomBytes(24), trusted };
  slots[SLOT] = installed;
  const stamp = installed.secret.toString("base64url");
  subscribe(CHANNEL, (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    normaliseForwardedHeaders(request.headers, socket.remoteAddress, installed.trusted);
    request.headers[STAMP_HEADER] = stamp;
  });
}

/** Whether this request's forwarded headers were rewritten by the normaliser of this process. */
export function forwardedHeadersVerified(headers: Headers): boolean {
  const installed = slots[SLOT];
  const stamp = headers.get(STAMP_HEADER);
  const verified = Boolean(installed && stamp && matches(stamp, installed.secret));
  if (!verified && !flags[WARNED]) {
    flags[WARNED] = true;
    console.warn(
      installed
        ? "[portal] a request reached the app without passing the forwarded-header check (served while the server was starting?); its X-Forwarded-* headers are ignored."
        : "[portal] forwarded headers are not checked in this process (instrumentation did not install the check); X-Forwarded-* headers are ignored and client addresses are not recorded.",
    );
  }
  return verified;
}

function matches(stamp: string, secret: Buffer): boolean {
  const given = Buffer.from(stamp, "base64url");
  return given.length === secret.length && timingSafeEqual(given, secret);
}
