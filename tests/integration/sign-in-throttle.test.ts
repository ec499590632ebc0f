import { beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents } from "@/db/schema";
import { authenticate, type AuthenticateResult } from "@/lib/portal/accounts";
import { failureDelayMs, signInLimits, THROTTLE } from "@/lib/portal/login-throttle";
import { addressOf, peek } from "@/lib/portal/rate-limit";
import { PASSWORD, signUp, uniqueEmail, uniqueIp } from "../support/factories";
import { countRows } from "../support/db-counts";

const WRONG = "definitely not the password";
const NO_MATCH = "That e-mail and password do not match an account.";
const limits = signInLimits();

/** The pause sentences, with the wait in whole minutes (every window here is 15 minutes or more). */
const PAUSED_PAIR = /^Too many failed sign-in attempts\. Sign-in for this e-mail from your network is paused; try again in \d+ minutes\.$/;
const PAUSED_IP = /^Too many failed sign-in attempts from your network\. Sign-in from here is paused; try again in \d+ minutes\.$/;
const PAUSED_ACCOUNT = /^Too many failed sign-in attempts for this e-mail from many places\. Sign-in for it is paused; try again in \d+ minutes\.$/;

function expectPaused(result: AuthenticateResult, message: RegExp) {
  expect(result).toMatchObject({ ok: false, reason: "locked" });
  expect(result.ok === false && result.message).toMatch(message);
  expect(result.ok === false && result.retryAfterSeconds).toBeGreaterThan(0);
}

async function auditCount(action: string, email: string, limit?: string) {
  const where = and(eq(auditEvents.action, action), eq(auditEvents.targetId, email), limit ? sql`${auditEvents.metadata}->>'limit' = ${limit}` : undefined);
  return countRows(auditEvents, where);
}

beforeAll(async () => {
  await getDb();
});

describe("sign-in limits", () => {
  it("the limits are the documented ones, and a pause never outlasts its window", () => {
    expect([limits.perIp.max, limits.perIp.windowSeconds]).toEqual([20, 15 * 60]);
    expect([limits.perAccountAndIp.max, limits.perAccountAndIp.windowSeconds]).toEqual([8, 15 * 60]);
    expect([limits.perAccount.max, limits.perAccount.windowSeconds]).toEqual([100, 60 * 60]);
    // Much higher than what one address may try on one e-mail in the account's window.
    expect(limits.perAccount.max).toBeGreaterThan(3 * limits.perAccountAndIp.max * (limits.perAccount.windowSeconds / limits.perAccountAndIp.windowSeconds));
  });

  it("an address hammering one account pauses it for that address only: another address still signs in", async () => {
    const victim = await signUp("hammered");
    const attacker = { ip: uniqueIp() };
    const timed = async (password: string) => {
      const start = performance.now();
      const result = await authenticate({ email: victim.email, password }, attacker);
      return { result, ms: performance.now() - start };
    };

    const fast: number[] = [];
    for (let i = 1; i <= THROTTLE.slowAfter; i++) {
      const { result, ms } = await timed(WRONG);
      expect(result).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
      expect(failureDelayMs(i)).toBe(0);
      fast.push(ms);
    }
    // Then each failed answer is held back one step more.
    for (let attempt = THROTTLE.slowAfter + 1; attempt < limits.perAccountAndIp.max; attempt++) {
      const { result, ms } = await timed(WRONG);
      expect(result).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
      expect(failureDelayMs(attempt)).toBe((attempt - THROTTLE.slowAfter) * THROTTLE.stepMs);
      expect(ms).toBeGreaterThanOrEqual(failureDelayMs(attempt) - 5);
      if (attempt === THROTTLE.slowAfter + 1) expect(ms - Math.min(...fast)).toBeGreaterThanOrEqual(THROTTLE.stepMs * 0.9);
    }
    // The last failure the pair allows says so at once, with the whole window as the wait.
    const last = await timed(WRONG);
    expectPaused(last.result, PAUSED_PAIR);
    expect(last.result.ok === false && last.result.message).toContain("try again in 15 minutes");

    // Paused for the attacker, even with the right password...
    expectPaused(await authenticate({ email: victim.email, password: PASSWORD }, attacker), PAUSED_PAIR);
    // ...but the account's owner on another network signs in, and that clears the e-mail's counts.
    expect(await authenticate({ email: victim.email, password: PASSWORD }, { ip: uniqueIp() })).toMatchObject({ ok: true, user: { id: victim.userId } });
    const db = await getDb();
    expect((await peek(db, limits.perAccount, victim.email)).hits).toBe(0);
    // The attacker's own pause holds: the owner's success elsewhere clears only its own pair.
    expectPaused(await authenticate({ email: victim.email, password: PASSWORD }, attacker), PAUSED_PAIR);

    expect(await auditCount("user.sign_in_failed", victim.email)).toBe(limits.perAccountAndIp.max);
    expect(await auditCount("user.sign_in_refused", victim.email, "sign_in_account_ip")).toBe(1);
  });

  it("an address trying many e-mails is refused for every e-mail, the right password too; other addresses are not", async () => {
    const owner = await signUp("sprayed");
    const sprayer = { ip: uniqueIp() };
    for (let i = 1; i < limits.perIp.max; i++) {
      expect(await authenticate({ email: uniqueEmail("spray"), password: WRONG }, sprayer)).toEqual({ ok: false, reason: "invalid", message: NO_MATCH });
    }
    // The last failure the address is allowed says that the address is now paused.
    expectPaused(await authenticate({ email: uniqueEmail("spray"), password: WRONG }, sprayer), PAUSED_IP);
    expectPaused(await authenticate({ email: owner.email, password: PASSWORD }, sprayer), PAUSED_IP);

    // Refused attempts add nothing to the e-mail's own counts: an address already refused
    // cannot push someone else's account towards its pause.
    const db = await getDb();
    for (let i = 0; i < 5; i++) expectPaused(await authenticate({ email: owner.email, password: WRONG }, sprayer), PAUSED_IP);
    expect((await peek(db, limits.perAccount, owner.email)).hits).toBe(0);
    expect(await auditCount("user.sign_in_refused", owner.email, "sign_in_ip")).toBe(1);
    expect(await auditCount("user.sign_in_refused", owner.email)).toBe(1);

    expect(await authenticate({ email: owner.email, password: PASSWORD }, { ip: uniqueIp() })).toMatchObject({ ok: true });
  });

  it("a success clears the e-mail's counts and gives the address back only its own attempt", async () => {
    const person = await signUp("clears");
    const from = { ip: uniqueIp() };
    const db = await getDb();
    for (let i = 0; i < THROTTLE.slowAfter; i++) await authenticate({ email: person.email, password: WRONG }, from);
    expect((await peek(db, limits.perAccount, person.email)).hits).toBe(THROTTLE.slowAfter);
    expect((await peek(db, limits.perIp, addressOf(from))).hits).toBe(THROTTLE.slowAfter);

    expect(await authenticate({ email: person.email, password: PASSWORD }, from)).toMatchObject({ ok: true });
    expect((await peek(db, limits.perAccount, person.email)).hits).toBe(0);
    expect((await peek(db, limits.perAccountAndIp, `${from.ip} ${person.email}`)).hits).toBe(0);
    // The failures stay on the address: signing in to an account of one's own wipes nothing.
    expect((await peek(db, limits.perIp, addressOf(from))).hits).toBe(THROTTLE.slowAfter);

    // The e-mail's next failure is its first again, so it is not held back.
    expect(await authenticate({ email: person.email, password: WRONG }, from)).toMatchObject({ ok: false, reason: "invalid" });
    expect((await peek(db, limits.perAccount, person.email)).hits).toBe(1);
    expect(failureDelayMs(1)).toBe(0);
  });

  it("a parallel burst from one address gets at most 8 password checks on one e-mail, and one refusal line", async () => {
    const person = await signUp("burst");
    const from = { ip: uniqueIp() };
    // Fewer than the address's own limit, so only the e-mail's limit from this address speaks.
    const attempts = limits.perIp.max - 4;
    const results = await Promise.all(Array.from({ length: attempts }, () => authenticate({ email: person.email, password: WRONG }, from)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await auditCount("user.sign_in_failed", person.email)).toBe(limits.perAccountAndIp.max);
    expect(results.filter((r) => r.ok === false && PAUSED_PAIR.test(r.message))).toHaveLength(attempts - limits.perAccountAndIp.max + 1);
    expect(await auditCount("user.sign_in_refused", person.email)).toBe(1);
    expectPaused(await authenticate({ email: person.email, password: PASSWORD }, from), PAUSED_PAIR);
  });

  it("failures from many addresses slow the e-mail and pause it only at the much higher count", { timeout: 120_000 }, async () => {
    const person = await signUp("distributed");
    // Each address stays within its own limits: 8 tries on this e-mail.
    const addresses = Array.from({ length: Math.ceil((limits.perAccount.max + 1) / limits.perAccountAndIp.max) }, () => ({ ip: uniqueIp() }));
    const attempts = addresses.length * limits.perAccountAndIp.max;
    const results = await Promise.all(
      addresses.flatMap((from) => Array.from({ length: limits.perAccountAndIp.max }, () => authenticate({ email: person.email, password: WRONG }, from))),
    );
    expect(results).toHaveLength(attempts);
    // Exactly the account's limit was checked; the attempts past it were refused unchecked.
    expect(await auditCount("user.sign_in_failed", person.email)).toBe(limits.perAccount.max);
    expect(results.filter((r) => r.ok === false && PAUSED_ACCOUNT.test(r.message)).length).toBeGreaterThanOrEqual(attempts - limits.perAccount.max);

    // Now paused everywhere, a new address with the right password included.
    expectPaused(await authenticate({ email: person.email, password: PASSWORD }, { ip: uniqueIp() }), PAUSED_ACCOUNT);
    expect(await auditCount("user.sign_in_refused", person.email, "sign_in_account")).toBe(1);
    // Another account is not affected.
    const other = await signUp("bystander");
    expect(await authenticate({ email: other.email, password: PASSWORD }, addresses[0]!)).toMatchObject({ ok: true });
  });

  it("the counts live in the database: a fresh copy of the code (another process) continues them", async () => {
    const person = await signUp("processes");
    const from = { ip: uniqueIp() };
    for (let i = 1; i < limits.perAccountAndIp.max; i++) await authenticate({ email: person.email, password: WRONG }, from);

    vi.resetModules();
    const fresh = await import("@/lib/portal/accounts");
    expect(fresh.authenticate).not.toBe(authenticate);
    expectPaused(await fresh.authenticate({ email: person.email, password: WRONG }, from), PAUSED_PAIR);
    expectPaused(await fresh.authenticate({ email: person.email, password: PASSWORD }, from), PAUSED_PAIR);
    expectPaused(await authenticate({ email: person.email, password: PASSWORD }, from), PAUSED_PAIR);
  });
});
