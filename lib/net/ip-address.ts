import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * One address as proxies and sockets write it, or null: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
 * `[::1]:443`, `fe80::1%eth0`, `::ffff:10.0.0.1`. IPv4 only in its four-part decimal form
 * (ipaddr.js would also read `127.1` or `0x7f.0.0.1`, which no proxy writes and which would
 * only serve to disguise an address). An IPv4 address mapped into IPv6 is returned as IPv4,
 * so a dual-stack socket and a proxy's IPv4 list name the same client the same way.
 */
export function parseIpAddress(raw: string): IpAddress | null {
  let text = raw.trim();
  if (text.length === 0 || text.length > 64) return null;
  const withPort = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text) ?? /^([\d.]+):(\d{1,5})$/.exec(text);
  if (withPort) {
    if (withPort[2] !== undefined && Number(withPort[2]) > 65535) return null;
    text = withPort[1]!;
  }
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** The address as the audit history writes it: dotted IPv4, or RFC 5952 IPv6 (`::1`). */
export function formatIpAddress(address: IpAddress): string {
  return address.kind() === "ipv4" ? address.toString() : (address as ipaddr.IPv6).toRFC5952String();
}

/** `raw` written the one canonical way, or null when it is not an address. */
export function canonicalIpAddress(raw: string | undefined | null): string | null {
  const parsed = raw ? parseIpAddress(raw) : null;
  return parsed ? formatIpAddress(parsed) : null;
}
