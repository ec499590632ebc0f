import { beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { isPortalError } from "@/lib/errors";
import { registerUser } from "@/lib/portal/accounts";
import { addressOf, peek } from "@/lib/portal/rate-limit";
import { registrationLimit } from "@/lib/portal/registration-limit";
import { PASSWORD, uniqueEmail, uniqueIp } from "../support/factories";
import { countRows } from "../support/db-counts";

const limit = registrationLimit();
const REFUSAL = /^Too many accounts were requested from your network\. Try again in \d+ minutes\.$/;

const person = (label: string) => ({ name: `${label} Person`, email: uniqueEmail(label), password: PASSWORD });

/** A sign-up that must be refused for going too fast, and must have written nothing. */
async function expectRefused(input: { name: string; email: string; password: string }, from: { ip: string }) {
  const error = await registerUser(input, from).then(
    () => expect.fail("the sign-up should have been refused"),
    (e: unknown) => e,
  );
  expect(isPortalError(error) && error.code).toBe("rate_limited:registration");
  expect(isPortalError(error) && error.status).toBe(429);
  expect(isPortalError(error) && error.retryAfterSeconds).toBeGreaterThan(limit.windowSeconds - 120);
  expect((error as Error).message).toMatch(REFUSAL);
  expect(await countRows(users, eq(users.email, input.email))).toBe(0);
}

beforeAll(async () => {
  await getDb();
});

describe("sign-ups per address", () => {
  it("are 5 an hour by default", () => {
    expect([limit.max, limit.windowSeconds]).toEqual([5, 3600]);
  });

  it("the sixth from one address in the hour is refused with a sentence, another address is not", async () => {
    const from = { ip: uniqueIp() };
    for (let i = 0; i < limit.max; i++) expect((await registerUser(person("batch"), from)).id).toBeTruthy();
    await expectRefused(person("over"), from);
    // Refused attempts keep the address refused, but do not stretch its window.
    await expectRefused(person("again"), from);
    expect((await registerUser(person("elsewhere"), { ip: uniqueIp() })).id).toBeTruthy();
  });

  it("attempts with an e-mail already taken count too, so the form is no free oracle of who has an account", async () => {
    const from = { ip: uniqueIp() };
    const taken = person("taken");
    await registerUser(taken, from);
    for (let i = 1; i < limit.max; i++) {
      await expect(registerUser({ ...taken, name: "Copycat" }, from)).rejects.toMatchObject({ code: "conflict:email" });
    }
    await expectRefused(person("fresh"), from);
    // Refused before the e-mail is looked at: the answer no longer says whether it exists.
    await expect(registerUser({ ...taken, name: "Copycat" }, from)).rejects.toMatchObject({ code: "rate_limited:registration" });
  });

  it("a parallel burst from one address creates no more than the limit", async () => {
    const from = { ip: uniqueIp() };
    const results = await Promise.allSettled(Array.from({ length: limit.max * 2 }, () => registerUser(person("burst"), from)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(limit.max);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as unknown);
    expect(refused.every((e) => isPortalError(e) && e.code === "rate_limited:registration")).toBe(true);
  });

  it("the count lives in the database: a fresh copy of the code (another process) continues it", async () => {
    const from = { ip: uniqueIp() };
    for (let i = 1; i < limit.max; i++) await registerUser(person("first-process"), from);
    vi.resetModules();
    const fresh = await import("@/lib/portal/accounts");
    expect(fresh.registerUser).not.toBe(registerUser);
    await fresh.registerUser(person("second-process"), from);
    const db = await getDb();
    expect((await peek(db, limit, addressOf(from))).hits).toBe(limit.max);
    // Its own copy of PortalError, too: compared by code, not by class.
    await expect(fresh.registerUser(person("third"), from)).rejects.toMatchObject({ code: "rate_limited:registration", status: 429 });
  });

  it("the server's own sign-ups (seed, scripts) pass no request and are not counted", async () => {
    for (let i = 0; i < limit.max + 1; i++) expect((await registerUser(person("script"))).id).toBeTruthy();
  });
});
