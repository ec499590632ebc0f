import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import { addressOf, consume, enforce, peek, refund, reset, type RateLimit } from "@/lib/portal/rate-limit";
import { isPortalError } from "@/lib/errors";

const limit: RateLimit = { scope: "test", max: 3, windowSeconds: 60, refusal: (wait) => `Too many tries; wait ${wait}.` };

// Opening PGlite and migrating can take longer than one test's time limit on a busy machine.
beforeAll(async () => {
  await getDb();
});

describe("database rate limits", () => {
  it("allows max events per window, refuses the next with the wait, and starts again after the window", async () => {
    const db = await getDb();
    const subject = randomUUID();
    const t0 = new Date("2030-01-01T00:00:00Z");
    for (let i = 1; i <= 3; i++) expect(await consume(db, limit, subject, t0)).toMatchObject({ hits: i, limited: false });
    expect(await peek(db, limit, subject, t0)).toMatchObject({ limited: true, retryAfterSeconds: 60 });
    const over = await consume(db, limit, subject, new Date(t0.getTime() + 20_000));
    expect(over).toMatchObject({ hits: 4, limited: true, retryAfterSeconds: 40 });
    const error = await enforce(db, limit, subject, new Date(t0.getTime() + 30_000)).catch((e: unknown) => e);
    expect(isPortalError(error) && error.status).toBe(429);
    expect(isPortalError(error) && error.retryAfterSeconds).toBe(30);
    expect((error as Error).message).toBe("Too many tries; wait 30 seconds.");
    // A new window: counting starts again.
    expect(await consume(db, limit, subject, new Date(t0.getTime() + 61_000))).toMatchObject({ hits: 1, limited: false });
    await reset(db, limit, subject);
    expect(await peek(db, limit, subject, new Date(t0.getTime() + 61_000))).toMatchObject({ hits: 0, limited: false });
  });

  it("counts a parallel burst exactly: no more than max get through", async () => {
    const db = await getDb();
    const subject = randomUUID();
    const now = new Date();
    const states = await Promise.all(Array.from({ length: 20 }, () => consume(db, limit, subject, now)));
    expect(states.filter((s) => !s.limited)).toHaveLength(3);
    expect(states.map((s) => s.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("keeps subjects and scopes apart", async () => {
    const db = await getDb();
    const [a, b] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 4; i++) await consume(db, limit, a);
    expect((await consume(db, limit, b)).limited).toBe(false);
    expect((await consume(db, { ...limit, scope: "other" }, a)).limited).toBe(false);
  });

  it("refund takes back one counted event, never below zero, and only its subject's", async () => {
    const db = await getDb();
    const [a, b] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 3; i++) await consume(db, limit, a);
    await consume(db, limit, b);
    await refund(db, limit, a);
    expect((await peek(db, limit, a)).hits).toBe(2);
    expect((await peek(db, limit, b)).hits).toBe(1);
    for (let i = 0; i < 5; i++) await refund(db, limit, a);
    expect((await peek(db, limit, a)).hits).toBe(0);
    // Counting starts again from zero, not below it.
    expect(await consume(db, limit, a)).toMatchObject({ hits: 1, limited: false });
    // A subject never counted has nothing to take back, and no row is made for it.
    const never = randomUUID();
    await refund(db, limit, never);
    expect(await peek(db, limit, never)).toEqual({ hits: 0, limited: false, retryAfterSeconds: 0 });
  });

  it("an address that cannot be read is one shared subject, never none", () => {
    expect(addressOf({ ip: " 203.0.113.7 " })).toBe("203.0.113.7");
    expect(addressOf({ ip: "" })).toBe("unknown");
    expect(addressOf({})).toBe("unknown");
    expect(addressOf(undefined)).toBe("unknown");
    // An IPv6 caller is its /64, a mapped IPv4 address its IPv4 one.
    expect(addressOf({ ip: "2001:db8:1:2:aaaa::1" })).toBe(addressOf({ ip: "2001:db8:1:2:bbbb::9" }));
    expect(addressOf({ ip: "2001:db8:1:2:aaaa::1" })).toBe("2001:db8:1:2::/64");
    expect(addressOf({ ip: "::ffff:203.0.113.7" })).toBe("203.0.113.7");
  });
});
