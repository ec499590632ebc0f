import ipaddr from "ipaddr.js";
import { formatIpAddress, parseIpAddress, type IpAddress } from "./ip-address";

/**
 * Which socket peers may tell us who the client is (X-Forwarded-For) and how it reached us
 * (X-Forwarded-Host, -Proto, -Port): the reverse proxies in front of the portal, and nobody
 * else. Anyone can send those headers; only a proxy we put there overwrites or appends to
 * them truthfully.
 */
export interface TrustedProxies {
  readonly ranges: readonly (readonly [IpAddress, number])[];
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { ranges: [] };

/** Names for the usual places a proxy sits, as Express spells them. */
const KEYWORDS: Record<string, readonly string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

export class TrustProxyError extends Error {}

/**
 * `TRUST_PROXY`: a comma-separated list of addresses (`10.0.0.7`), CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`) and the keywords loopback, linklocal and uniquelocal. Unset or
 * empty: no proxy is trusted and every forwarded header is dropped.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const ranges: [IpAddress, number][] = [];
  for (const entry of (value ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const keyword = KEYWORDS[entry.toLowerCase()];
    if (keyword) {
      for (const cidr of keyword) ranges.push(ipaddr.parseCIDR(cidr));
      continue;
    }
    const range = parseRange(entry);
    if (!range) {
      throw new TrustProxyError(
        `"${entry}" is not an IP address, a CIDR range (like 10.0.0.0/8) or one of ${Object.keys(KEYWORDS).join(", ")}`,
      );
    }
    ranges.push(range);
  }
  return { ranges };
}

function parseRange(entry: string): [IpAddress, number] | null {
  const slash = entry.indexOf("/");
  const address = parseIpAddress(slash < 0 ? entry : entry.slice(0, slash));
  if (!address) return null;
  const max = address.kind() === "ipv4" ? 32 : 128;
  if (slash < 0) return [address, max];
  const bits = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return null;
  return [address, Number(bits)];
}

export function isTrustedProxy(address: IpAddress, trusted: TrustedProxies): boolean {
  return trusted.ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** Enough for any real chain of proxies; the rest of a longer header is never read. */
const MAX_HOPS = 20;

/**
 * The client's address. An untrusted peer is the client, whatever it says. A trusted one
 * appended the address it was connected from to X-Forwarded-For, and so did every proxy
 * before it: walking the list from the right, past our own proxies, the first address that
 * is not one of them is the client. Everything further left was written by the client and
 * is ignored. An entry that is not an address stops the walk at the last good hop.
 */
export function forwardedClient(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string | null {
  const peerAddress = peer ? parseIpAddress(peer) : null;
  if (!peerAddress) return null;
  let client = peerAddress;
  if (isTrustedProxy(client, trusted) && forwardedFor) {
    const hops = forwardedFor.split(",").slice(-MAX_HOPS);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseIpAddress(hops[i]!);
      if (!hop) break;
      client = hop;
      if (!isTrustedProxy(hop, trusted)) break;
    }
  }
  return formatIpAddress(client);
}

/** Header values as Node's IncomingMessage holds them. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"] as const;

/**
 * Rewrites a request's forwarded headers in place so that whatever reads them later (our
 * code, Next.js, Auth.js) can believe them:
 * - X-Forwarded-For and X-Real-IP: exactly one address, the client's (see `forwardedClient`).
 * - X-Forwarded-Host, -Proto, -Port: kept from a trusted proxy (its first value, as the proxy
 *   facing the internet sets it, and only when well formed); dropped otherwise, and Next.js
 *   then fills them from the Host header and the socket.
 * - Forwarded (RFC 7239): always dropped; nothing here reads it, and a stale copy would be a
 *   second, unchecked answer to the same question.
 */
export function normaliseForwardedHeaders(headers: IncomingHeaders, peer: string | undefined, trusted: TrustedProxies): void {
  const peerAddress = peer ? parseIpAddress(peer) : null;
  const fromProxy = peerAddress !== null && isTrustedProxy(peerAddress, trusted);
  const client = forwardedClient(peer, fromProxy ? joined(headers["x-forwarded-for"]) : undefined, trusted);
  const host = fromProxy ? firstValue(headers["x-forwarded-host"]) : undefined;
  const proto = fromProxy ? firstValue(headers["x-forwarded-proto"])?.toLowerCase() : undefined;
  const port = fromProxy ? firstValue(headers["x-forwarded-port"]) : undefined;
  for (const name of FORWARDED_HEADERS) delete headers[name];
  if (client) {
    headers["x-forwarded-for"] = client;
    headers["x-real-ip"] = client;
  }
  if (host && isHostHeader(host)) headers["x-forwarded-host"] = host;
  if (proto === "http" || proto === "https") headers["x-forwarded-proto"] = proto;
  if (port && /^\d{1,5}$/.test(port) && Number(port) <= 65535) headers["x-forwarded-port"] = port;
}

function joined(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = joined(value)?.split(",")[0]?.trim();
  return first ? first : undefined;
}

/**
 * A host as the Host header carries it: a DNS name or an address, with an optional port.
 * Anything else (a path, credentials, spaces) would turn an absolute URL built on it into
 * a different URL.
 */
export function isHostHeader(value: string): boolean {
  return (
    value.length <= 260 &&
    (/^(?=[a-z0-9])[a-z0-9.-]*[a-z0-9](?::\d{1,5})?$/i.test(value) || /^\[[0-9a-f:.]+\](?::\d{1,5})?$/i.test(value))
  );
}
