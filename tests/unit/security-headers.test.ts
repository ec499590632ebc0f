import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, PERMISSIONS_POLICY, securityHeaders, type SecurityHeaderInput } from "@/lib/net/security-headers";

const production: SecurityHeaderInput = { path: "/workflows", nonce: "bm9uY2Utbm9uY2Utbm9uY2U=", development: false, https: false, githubSignIn: false };

/** The policy as a map from directive to its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe("the Content Security Policy", () => {
  it("in production: scripts only with the nonce, no eval, no inline script, nothing may frame the portal", () => {
    const csp = directives(contentSecurityPolicy(production));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${production.nonce}'`, "'strict-dynamic'"]);
    expect(contentSecurityPolicy(production)).not.toContain("unsafe-eval");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("style elements need the nonce; style attributes are allowed (server-rendered widths)", () => {
    const csp = directives(contentSecurityPolicy(production));
    expect(csp.get("style-src-elem")).toEqual(["'self'", `'nonce-${production.nonce}'`]);
    expect(csp.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
  });

  it("Next reads the nonce back from the policy the way its own parser does", () => {
    // next/dist/server/app-render/get-script-nonce-from-header.js: the first script-src (else default-src) nonce.
    const scriptSrc = contentSecurityPolicy(production).split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
    const nonce = scriptSrc.split(/\s+/).map((s) => /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/.exec(s)?.[1]).find(Boolean);
    expect(nonce).toBe(production.nonce);
  });

  it("next dev may evaluate code and inject styles; production never", () => {
    const dev = directives(contentSecurityPolicy({ ...production, development: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.has("style-src-elem")).toBe(false);
  });

  it("over https, insecure subresources are upgraded; GitHub's login may receive the form when enabled", () => {
    expect(directives(contentSecurityPolicy({ ...production, https: true })).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy({ ...production, githubSignIn: true })).get("form-action")).toEqual(["'self'", "https://github.com"]);
  });
});

describe("securityHeaders", () => {
  it("every response: nosniff, no framing, a referrer policy, features off, HSTS only over https", () => {
    const headers = securityHeaders(production);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toBe(PERMISSIONS_POLICY);
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
    expect(headers["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ ...production, https: true })["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("share links' pages and routes send no referrer: the token is in their URL", () => {
    expect(securityHeaders({ ...production, path: "/r/abc" })["referrer-policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...production, path: "/api/share/abc/download" })["referrer-policy"]).toBe("no-referrer");
    expect(securityHeaders({ ...production, path: "/rules" })["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
