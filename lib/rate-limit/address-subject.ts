import ipaddr from "ipaddr.js";
import { parseIpAddress } from "@/lib/net/ip-address";

/**
 * What a per-address limit counts a caller as. An IPv6 caller is its /64, the block one
 * customer is given: counted per address, anyone could spread their attempts over 2^64 of
 * them. An IPv4-mapped IPv6 address is its IPv4 one. A missing address is one shared subject,
 * "unknown", so an address that cannot be read never escapes its limit; anything unreadable
 * is counted as written (shortened).
 */
export function addressSubject(address: string | null | undefined): string {
  const text = address?.trim().slice(0, 100);
  if (!text) return "unknown";
  const parsed = parseIpAddress(text);
  if (!parsed) return text;
  if (parsed.kind() === "ipv4") return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}
