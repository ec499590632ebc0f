import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { DEMO_LOGIN, demoLoginOffered, retireDemoLogin, seedDemoUser } from "@/db/seed";
import { hashPassword } from "@/lib/auth/passwords";
import { authenticate } from "@/lib/portal/accounts";
import { uniqueIp } from "../support/factories";

async function demoAccount() {
  const db = await getDb();
  const [row] = await db.select({ hash: users.passwordHash, epoch: users.sessionEpoch }).from(users).where(eq(users.email, DEMO_LOGIN.email));
  return row;
}

/** One story in order: the account exists only once per database. */
describe("the demo login, whose password is published", () => {
  it("is offered on the sign-in page only when the demo is on and the account really opens with that password", async () => {
    expect(await demoLoginOffered(true)).toBe(false); // not seeded yet
    expect(await seedDemoUser()).toBe("created");
    expect(await seedDemoUser()).toBe("exists");
    expect(await demoLoginOffered(true)).toBe(true);
    expect(await demoLoginOffered(false)).toBe(false);
    expect((await authenticate({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }, { ip: uniqueIp() })).ok).toBe(true);
  });

  it("loses its published password where the demo is off (a production start), and its sessions end", async () => {
    const before = await demoAccount();
    expect(await retireDemoLogin()).toBe("retired");
    const after = await demoAccount();
    expect(after?.hash).toBeNull();
    expect(after!.epoch).toBe(before!.epoch + 1);
    const attempt = await authenticate({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password }, { ip: uniqueIp() });
    expect(attempt).toMatchObject({ ok: false, message: "That e-mail and password do not match an account." });
    // Nothing is shown any more, even were the demo switched back on; a second start changes nothing.
    expect(await demoLoginOffered(true)).toBe(false);
    expect(await retireDemoLogin()).toBe("none");
    expect((await demoAccount())!.epoch).toBe(after!.epoch);
  });

  it("leaves an account alone whose password is no longer the published one, and does not offer it", async () => {
    const db = await getDb();
    await db.update(users).set({ passwordHash: await hashPassword("a password of its own now") }).where(eq(users.email, DEMO_LOGIN.email));
    expect(await demoLoginOffered(true)).toBe(false);
    expect(await retireDemoLogin()).toBe("none");
    expect((await demoAccount())?.hash).not.toBeNull();
    expect((await authenticate({ email: DEMO_LOGIN.email, password: "a password of its own now" }, { ip: uniqueIp() })).ok).toBe(true);
  });
});
