import ipaddr from "ipaddr.js";
import { parseIpAddress } from "./ip-address";

/**
 * Which addresses the portal's server may connect to on a user's behalf. Pure functions, no
 * I/O: the connector (`connector.ts`) applies them to every address a name resolves to, and
 * saving a team's Generation API applies them to an address typed as a literal.
 */

/** One OUTBOUND_ALLOW entry: a range of resolved addresses, or one host (and port) by name. */
export type AllowEntry =
  | { kind: "cidr"; text: string; network: ipaddr.IPv4 | ipaddr.IPv6; prefix: number }
  | { kind: "host"; text: string; hostname: string; port?: number };

export interface AddressVerdict {
  allowed: boolean;
  /** ipaddr.js's name for the range (`loopback`, `private`, `linkLocal`, `unicast`…), for logs. */
  range: string;
}

/**
 * An address as resolvers and URLs write it, IPv4-mapped IPv6 turned into its IPv4; null for
 * anything else (`parseIpAddress` reads no `127.1` or `2130706433`: nothing here should meet
 * those spellings).
 */
const strictAddress = parseIpAddress;

// ipaddr.js calls every IPv6 address outside its named ranges "unicast", including the
// deprecated IPv4-compatible ::/96 (`::7f00:1` is 127.0.0.1 to some stacks). Only the global
// unicast block 2000::/3 is public; its special parts (6to4, Teredo, documentation…) have
// names of their own and are refused by name.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

/**
 * Public unicast or not. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address
 * it carries. Everything that is not plainly public is refused: loopback, private, link-local
 * (cloud metadata at 169.254.169.254), unique-local, CGNAT, multicast, unspecified, broadcast,
 * reserved, benchmarking, translation and tunnelling prefixes.
 */
export function classifyAddress(address: string): AddressVerdict {
  const ip = strictAddress(address);
  if (!ip) return { allowed: false, range: "invalid" };
  const range = ip.range();
  if (range !== "unicast") return { allowed: false, range };
  if (ip.kind() === "ipv6" && !ip.match(GLOBAL_UNICAST_V6)) return { allowed: false, range: "reserved" };
  return { allowed: true, range };
}

/** Whether an address falls in one of the allow-list's ranges (IPv4-mapped IPv6 as its IPv4). */
export function inAllowedRange(address: string, allow: readonly AllowEntry[]): boolean {
  const ip = strictAddress(address);
  if (!ip) return false;
  return allow.some((entry) => entry.kind === "cidr" && entry.network.kind() === ip.kind() && ip.match(entry.network, entry.prefix));
}

/**
 * Whether the URL's host is listed by name. `hostname` as WHATWG URL writes it (lower case,
 * IPv6 in brackets, IPv4 in dotted decimal); `port` the effective one (80/443 when omitted).
 */
export function hostAllowed(hostname: string, port: number, allow: readonly AllowEntry[]): boolean {
  return allow.some((entry) => entry.kind === "host" && entry.hostname === hostname && (entry.port === undefined || entry.port === port));
}

/** An address the connector may use: public, or in an allowed range. */
export function addressAllowed(address: string, allow: readonly AllowEntry[]): boolean {
  return classifyAddress(address).allowed || inAllowedRange(address, allow);
}

export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** The URL's host when it is an IP literal (brackets removed), else null: a name is only checked once resolved. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host) ? host : null;
}

/**
 * For an address typed as an IP literal, whether the guard would refuse it (checked again at
 * connect time anyway); null when it is allowed or a name.
 */
export function literalRefusal(url: URL, allow: readonly AllowEntry[]): AddressVerdict | null {
  const literal = literalAddress(url);
  if (literal === null || hostAllowed(url.hostname, effectivePort(url), allow)) return null;
  const verdict = classifyAddress(literal);
  return verdict.allowed || inAllowedRange(literal, allow) ? null : verdict;
}

const HOST_PATTERN = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?)$/i;

/**
 * One OUTBOUND_ALLOW entry, or a sentence saying why it is not one: `10.0.0.0/8` and
 * `fd00::/8` (ranges of resolved addresses), `engine.internal`, `engine.internal:8080`,
 * `127.0.0.1:3000`, `[fd00::5]:8080` (one host as URLs name it, any port or that port).
 */
export function parseAllowEntry(text: string): AllowEntry | string {
  const entry = text.trim();
  const shape = `"${entry}" is neither an address range (like 10.0.0.0/8 or fd00::/8) nor a host with an optional port (like engine.internal:8080 or 127.0.0.1:3000)`;
  if (entry.includes("/")) {
    const [address = "", bits = ""] = entry.split("/");
    const fourPart = ipaddr.IPv4.isValidFourPartDecimal(address);
    if (!/^\d{1,3}$/.test(bits) || !(fourPart || ipaddr.IPv6.isValid(address)) || !ipaddr.isValidCIDR(entry)) return shape;
    const [network, prefix] = ipaddr.parseCIDR(entry);
    return { kind: "cidr", text: entry, network, prefix };
  }
  // A bare IPv6 address has colons of its own: only `[v6]:port` carries a port.
  const bracketed = /^(\[[^\]]+\])(?::(\d+))?$/.exec(entry);
  const plain = bracketed ? null : /^([^:]+)(?::(\d+))?$/.exec(entry);
  const bareV6 = !bracketed && !plain && ipaddr.IPv6.isValid(entry) ? [entry, `[${entry}]`, undefined] : null;
  const match = bracketed ?? plain ?? bareV6;
  if (!match || !HOST_PATTERN.test(match[1]!)) return shape;
  const portText = match[2];
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) return `"${entry}" has a port outside 1–65535`;
  let hostname: string;
  try {
    hostname = new URL(`http://${match[1]}/`).hostname;
  } catch {
    return shape;
  }
  // WHATWG URL rewrites shorthand IPv4 (`127.1`, `0x7f.1`): entries must name hosts as URLs do.
  const host = match[1]!.toLowerCase();
  if (hostname !== host && !(ipaddr.IPv6.isValid(host.replace(/^\[|\]$/g, "")) && hostname.startsWith("["))) return shape;
  return { kind: "host", text: entry, hostname, port };
}
