import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { decodeSessionCookie, epochClaim, findSessionCookie } from "@/lib/auth/session-claims";

const SECRET = "unit-test-secret-with-enough-characters-in-it";

describe("the session cookie", () => {
  it("is found under the https name first, then the plain one; other cookies are ignored", () => {
    expect(findSessionCookie([{ name: "theme", value: "dark" }])).toBeNull();
    expect(findSessionCookie([{ name: "authjs.session-token", value: "" }])).toBeNull();
    expect(
      findSessionCookie([
        { name: "authjs.session-token", value: "plain" },
        { name: "__Secure-authjs.session-token", value: "secure" },
      ]),
    ).toEqual({ name: "__Secure-authjs.session-token", value: "secure", chunkNames: [] });
  });

  it("split into parts is put back together in numeric order, whatever order the parts arrive in", () => {
    const parts = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"].map((value, i) => ({ name: `authjs.session-token.${i}`, value }));
    const shuffled = [parts[10]!, parts[2]!, { name: "authjs.session-token.x", value: "ignored" }, ...parts.slice(3, 10), parts[0]!, parts[1]!];
    const found = findSessionCookie(shuffled)!;
    expect(found.value).toBe("abcdefghijk");
    expect(found.chunkNames).toEqual(parts.map((p) => p.name));
  });

  it("carries the epoch it was issued under; none counts as 0, anything but a whole number as no epoch", () => {
    expect(epochClaim({ sub: "u" })).toBe(0);
    expect(epochClaim({ sub: "u", epoch: undefined })).toBe(0);
    expect(epochClaim({ sub: "u", epoch: 3 })).toBe(3);
    for (const odd of [1.5, -1, "2", null, Number.NaN, {}]) expect(epochClaim({ sub: "u", epoch: odd })).toBe(-1);
  });

  it("decodes what Auth.js encoded, under the cookie's own name as salt, and nothing else", async () => {
    const name = "authjs.session-token";
    const value = await encode({ token: { sub: "user-1", epoch: 2 }, secret: SECRET, salt: name, maxAge: 60 });
    const claims = await decodeSessionCookie({ name, value }, SECRET);
    expect(claims).toMatchObject({ userId: "user-1", epoch: 2 });
    expect(claims!.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    expect(claims!.expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
    expect(await decodeSessionCookie({ name: "__Secure-authjs.session-token", value }, SECRET)).toBeNull();
    expect(await decodeSessionCookie({ name, value: value.slice(0, -2) + "xx" }, SECRET)).toBeNull();
    expect(await decodeSessionCookie({ name, value: await encode({ token: { name: "no subject" }, secret: SECRET, salt: name }) }, SECRET)).toBeNull();
    const expired = await encode({ token: { sub: "user-1" }, secret: SECRET, salt: name, maxAge: -60 });
    expect(await decodeSessionCookie({ name, value: expired }, SECRET)).toBeNull();
  });
});
