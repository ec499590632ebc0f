import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, newToken } from "@/lib/auth/tokens";

describe("tokens", () => {
  it("newToken is 256 random bits in URL-safe base64", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(256);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it("newToken never repeats", () => {
    const tokens = Array.from({ length: 2_000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("hashToken is the hex sha256 of the token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashToken(token)).toBe(hash);
    expect(hash).not.toContain(token);
    expect(hashToken(newToken())).not.toBe(hash);
  });
});
