import { describe, expect, it } from "vitest";
import { deriveKey, open, seal, SecretBoxError } from "@/lib/crypto/secret-box";

const SECRET = "a-32-character-auth-secret-for-tests!!";
const INFO = "infinity-portal/test";
const key = deriveKey(SECRET, INFO);

/** Flips one bit of the base64url part `index` (1 iv, 2 tag, 3 ciphertext) of a sealed value. */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  it("round-trips text, the empty string and non-ASCII", () => {
    for (const text of ["inf_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "", "tökén ✓ 𝄞"]) {
      expect(open(seal(text, key, "team-1"), key, "team-1")).toBe(text);
    }
  });

  it("seals the same text differently each time and never contains it", () => {
    const token = "inf_super-secret-token-value";
    const a = seal(token, key);
    const b = seal(token, key);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toContain(token);
    expect(a).not.toContain(Buffer.from(token).toString("base64url"));
  });

  it("detects tampering with the iv, the tag or the ciphertext", () => {
    const sealed = seal("inf_token", key, "team-1");
    for (const part of [1, 2, 3]) {
      expect(() => open(flipBit(sealed, part), key, "team-1"), `part ${part}`).toThrow(SecretBoxError);
    }
    expect(() => open(sealed.replace(/^v1/, "v2"), key, "team-1")).toThrow(/known version/);
    expect(() => open("v1.abc.def", key, "team-1")).toThrow(SecretBoxError);
  });

  it("refuses another key and other associated data", () => {
    const sealed = seal("inf_token", key, "team-1");
    expect(() => open(sealed, deriveKey("another-32-character-auth-secret-here", INFO), "team-1")).toThrow(/does not open/);
    expect(() => open(sealed, deriveKey(SECRET, "infinity-portal/other-purpose"), "team-1")).toThrow(/does not open/);
    expect(() => open(sealed, key, "team-2")).toThrow(/does not open/);
  });

  it("derives a stable 32-byte key per secret and purpose", () => {
    expect(deriveKey(SECRET, INFO)).toEqual(key);
    expect(key).toHaveLength(32);
    expect(deriveKey(SECRET, "other")).not.toEqual(key);
    expect(() => deriveKey("", INFO)).toThrow(SecretBoxError);
    expect(() => seal("x", Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
