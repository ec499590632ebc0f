import { describe, expect, it } from "vitest";
import { originFromHeaders, parsePublicOrigin, PublicOriginError } from "@/lib/net/public-origin";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("parsePublicOrigin", () => {
  it("keeps scheme, host and port, lower-cased, without a trailing slash", () => {
    expect(parsePublicOrigin("https://Portal.Example.com/")).toBe("https://portal.example.com");
    expect(parsePublicOrigin(" http://10.0.0.5:3000 ")).toBe("http://10.0.0.5:3000");
    expect(parsePublicOrigin("https://portal.example.com:443")).toBe("https://portal.example.com");
    expect(parsePublicOrigin(undefined)).toBeUndefined();
    expect(parsePublicOrigin("  ")).toBeUndefined();
  });

  it("refuses anything that is not an http(s) origin, saying what to set", () => {
    expect(() => parsePublicOrigin("portal.example.com")).toThrow(/is not a URL; set it like https:\/\/portal\.example\.com/);
    expect(() => parsePublicOrigin("javascript:alert(1)")).toThrow(PublicOriginError);
    expect(() => parsePublicOrigin("https://portal.example.com/app")).toThrow(/origin only .* like https:\/\/portal\.example\.com$/);
    expect(() => parsePublicOrigin("https://portal.example.com/#x")).toThrow(PublicOriginError);
  });
});

describe("originFromHeaders", () => {
  const forged = { host: "localhost:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

  it("a configured PUBLIC_ORIGIN wins over anything the request says", () => {
    expect(originFromHeaders(headers(forged), { publicOrigin: "https://portal.example.com", forwardedVerified: true })).toBe("https://portal.example.com");
    expect(originFromHeaders(headers(forged), { publicOrigin: "https://portal.example.com", forwardedVerified: false })).toBe("https://portal.example.com");
  });

  it("an unchecked request's X-Forwarded-Host and -Proto are never used: its own Host is", () => {
    expect(originFromHeaders(headers(forged), { forwardedVerified: false })).toBe("http://localhost:3000");
    expect(originFromHeaders(headers({ ...forged, host: "portal.example.com" }), { forwardedVerified: false })).toBe("https://portal.example.com");
  });

  it("a checked request's forwarded host and scheme are a trusted proxy's (or Next's own) and are used", () => {
    expect(originFromHeaders(headers(forged), { forwardedVerified: true })).toBe("https://evil.example");
    expect(originFromHeaders(headers({ host: "10.0.0.5:3000", "x-forwarded-host": "10.0.0.5:3000", "x-forwarded-proto": "http" }), { forwardedVerified: true })).toBe("http://10.0.0.5:3000");
    expect(originFromHeaders(headers({ host: "Portal.Example.com" }), { forwardedVerified: true })).toBe("https://portal.example.com");
  });

  it("a Host that would change the URL is not used; the listening port on localhost stands in", () => {
    expect(originFromHeaders(headers({ host: "evil.example/phish?" }), { forwardedVerified: false, port: "3313" })).toBe("http://localhost:3313");
    expect(originFromHeaders(headers({ host: "localhost:3000", "x-forwarded-host": "a@evil.example" }), { forwardedVerified: true })).toBe("http://localhost:3000");
    expect(originFromHeaders(headers({}), { forwardedVerified: true })).toBe("http://localhost:3000");
  });
});
