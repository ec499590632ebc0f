import { describe, expect, it } from "vitest";
import { canonicalIpAddress, parseIpAddress } from "@/lib/net/ip-address";
import { forwardedClient, isHostHeader, normaliseForwardedHeaders, parseTrustedProxies, TrustProxyError, type IncomingHeaders } from "@/lib/net/trusted-proxies";

const none = parseTrustedProxies(undefined);
const loopback = parseTrustedProxies("loopback");

describe("addresses as sockets and proxies write them", () => {
  it("reads IPv4 and IPv6, with ports, brackets and zones, and writes them one way", () => {
    expect(canonicalIpAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(canonicalIpAddress(" 203.0.113.9:51234 ")).toBe("203.0.113.9");
    expect(canonicalIpAddress("::1")).toBe("::1");
    expect(canonicalIpAddress("[2001:DB8:0:0:0:0:0:1]:443")).toBe("2001:db8::1");
    expect(canonicalIpAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("an IPv4 address mapped into IPv6 (a dual-stack socket) is the IPv4 address", () => {
    expect(canonicalIpAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(canonicalIpAddress("::ffff:c633:6417")).toBe("198.51.100.23");
    expect(canonicalIpAddress("[::ffff:10.1.2.3]:80")).toBe("10.1.2.3");
  });

  it("refuses what is not an address, including IPv4 shorthands that would disguise one", () => {
    for (const raw of ["", "unknown", "localhost", "127.1", "0x7f.0.0.1", "1.2.3.4.5", "999.1.1.1", "1.2.3.4:99999", "a".repeat(80), "203.0.113.9 203.0.113.10", "_hidden"]) {
      expect(parseIpAddress(raw), raw).toBeNull();
    }
  });
});

describe("TRUST_PROXY", () => {
  it("matches addresses, ranges and keywords, each family against its own", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.7, fd00::/8, loopback");
    const is = (raw: string) => forwardedClient(raw, "198.51.100.1", trusted) === "198.51.100.1";
    expect(is("10.200.3.4")).toBe(true);
    expect(is("::ffff:10.200.3.4")).toBe(true);
    expect(is("192.0.2.7")).toBe(true);
    expect(is("192.0.2.8")).toBe(false);
    expect(is("fd12::1")).toBe(true);
    expect(is("fe80::1")).toBe(false);
    expect(is("127.0.0.1")).toBe(true);
    expect(is("::1")).toBe(true);
    expect(is("11.0.0.1")).toBe(false);
  });

  it("refuses entries that are not addresses, ranges or keywords", () => {
    for (const bad of ["*", "true", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/8/8", "10.0.0"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(TrustProxyError);
    }
    expect(parseTrustedProxies(" , ").ranges).toEqual([]);
  });
});

describe("the client behind X-Forwarded-For", () => {
  it("an untrusted peer is the client, whatever it claims", () => {
    expect(forwardedClient("203.0.113.50", "198.51.100.1", none)).toBe("203.0.113.50");
    expect(forwardedClient("127.0.0.1", "198.51.100.1", none)).toBe("127.0.0.1");
    expect(forwardedClient("203.0.113.50", "198.51.100.1", loopback)).toBe("203.0.113.50");
  });

  it("a trusted peer's last hop is the client; what the client wrote to its left is ignored", () => {
    expect(forwardedClient("127.0.0.1", "198.51.100.23", loopback)).toBe("198.51.100.23");
    expect(forwardedClient("::1", "6.6.6.6, 198.51.100.23", loopback)).toBe("198.51.100.23");
    expect(forwardedClient("::ffff:127.0.0.1", "[2001:db8::7]:5000", loopback)).toBe("2001:db8::7");
  });

  it("walks right to left past every trusted hop of a chain", () => {
    const chain = parseTrustedProxies("10.0.0.0/8, 192.0.2.1");
    expect(forwardedClient("192.0.2.1", "6.6.6.6, 198.51.100.23, 10.0.0.5, 10.1.1.1", chain)).toBe("198.51.100.23");
    // Only proxies all the way: the farthest one is the best we know.
    expect(forwardedClient("192.0.2.1", "10.0.0.5, 10.1.1.1", chain)).toBe("10.0.0.5");
    // No header: the proxy itself made the request.
    expect(forwardedClient("192.0.2.1", undefined, chain)).toBe("192.0.2.1");
  });

  it("stops at an entry that is not an address, keeping the last good hop", () => {
    const chain = parseTrustedProxies("10.0.0.0/8");
    expect(forwardedClient("10.0.0.1", "198.51.100.23, garbage, 10.0.0.9", chain)).toBe("10.0.0.9");
    expect(forwardedClient("10.0.0.1", "garbage", chain)).toBe("10.0.0.1");
  });

  it("reads at most twenty hops of a huge header", () => {
    const forged = Array.from({ length: 5000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`).join(", ");
    expect(forwardedClient("10.0.0.1", `198.51.100.23, ${forged}`, parseTrustedProxies("10.0.0.0/8"))).toMatch(/^10\./);
  });
});

describe("normaliseForwardedHeaders", () => {
  const forged = (): IncomingHeaders => ({
    host: "localhost:3000",
    "x-forwarded-for": "6.6.6.6, 198.51.100.23",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    "x-real-ip": "6.6.6.6",
    forwarded: "for=6.6.6.6;host=evil.example;proto=https",
    "user-agent": "curl",
  });

  it("from an untrusted peer: only the socket's address is left, and nothing about host or scheme", () => {
    const headers = forged();
    normaliseForwardedHeaders(headers, "::ffff:203.0.113.50", none);
    expect(headers).toEqual({ host: "localhost:3000", "x-forwarded-for": "203.0.113.50", "x-real-ip": "203.0.113.50", "user-agent": "curl" });
  });

  it("from a trusted proxy: the client, and the host, scheme and port it reached", () => {
    const headers = forged();
    normaliseForwardedHeaders(headers, "127.0.0.1", loopback);
    expect(headers).toEqual({
      host: "localhost:3000",
      "x-forwarded-for": "198.51.100.23",
      "x-real-ip": "198.51.100.23",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "user-agent": "curl",
    });
  });

  it("from a trusted proxy: takes the first of listed values, and drops malformed ones", () => {
    const headers: IncomingHeaders = { "x-forwarded-host": "portal.example.com, inner.local", "x-forwarded-proto": "HTTPS,http", "x-forwarded-port": "70000" };
    normaliseForwardedHeaders(headers, "127.0.0.1", loopback);
    expect(headers).toEqual({ "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1", "x-forwarded-host": "portal.example.com", "x-forwarded-proto": "https" });
    const odd: IncomingHeaders = { "x-forwarded-host": "evil.example/path?", "x-forwarded-proto": "javascript" };
    normaliseForwardedHeaders(odd, "127.0.0.1", loopback);
    expect(odd).toEqual({ "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" });
  });

  it("without a peer address (a closed socket) nothing forwarded is left at all", () => {
    const headers = forged();
    normaliseForwardedHeaders(headers, undefined, loopback);
    expect(headers).toEqual({ host: "localhost:3000", "user-agent": "curl" });
  });
});

describe("isHostHeader", () => {
  it("accepts names and addresses with ports, nothing that would change a URL", () => {
    for (const ok of ["localhost", "localhost:3000", "portal.example.com", "127.0.0.1:8080", "[::1]:3000", "a"]) expect(isHostHeader(ok), ok).toBe(true);
    for (const bad of ["", "evil.example/x", "u@evil.example", "evil.example?", "evil example", "-evil.example", ".evil", "evil.example:", "[::1", "evil.example:123456"]) {
      expect(isHostHeader(bad), bad).toBe(false);
    }
  });
});
