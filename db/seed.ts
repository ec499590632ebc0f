import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "./index";
import { users } from "./schema";
import { getConfig } from "@/lib/config/env";
import { verifyPassword } from "@/lib/auth/passwords";
import { registerUser } from "@/lib/portal/accounts";

/**
 * A known login for trying the portal locally; documented in the README, printed at start and
 * shown on the sign-in page. Its password is public, so it exists only where the demo is on
 * (`SEED_DEMO`, by default only `npm run dev` on the embedded database; see lib/config/env.ts).
 */
export const DEMO_LOGIN = { name: "Demo User", email: "demo@infinity.local", password: "infinity-demo" } as const;

export async function seedDemoUser(): Promise<"created" | "exists"> {
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_LOGIN.email));
  if (existing) return "exists";
  await registerUser(DEMO_LOGIN);
  return "created";
}

/**
 * The last verdict on whether a stored hash is the published password's. Argon2 costs ~20 MiB
 * and tens of milliseconds a check: the sign-in page must not pay that on every view (nor let
 * anyone make the server pay it), and the hash only changes when the password does.
 */
let lastCheck: { hash: string; published: boolean } | undefined;

/** The demo account's password hash when it is still the published password's, else null. */
async function publishedPasswordHash(): Promise<string | null> {
  const db = await getDb();
  const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, DEMO_LOGIN.email));
  if (!user?.hash) return null;
  if (lastCheck?.hash !== user.hash) lastCheck = { hash: user.hash, published: await verifyPassword(user.hash, DEMO_LOGIN.password) };
  return lastCheck.published ? user.hash : null;
}

/**
 * Whether the sign-in page may show the demo credentials: the demo is on, and the account is
 * there with the published password (not removed, not given a password of its own since).
 */
export async function demoLoginOffered(enabled = getConfig().seedDemo): Promise<boolean> {
  return enabled && (await publishedPasswordHash()) !== null;
}

/**
 * Where the demo is off (production, unless SEED_DEMO=true), a demo account left by an earlier
 * start, or by a version that seeded it in production too, must not open with its published
 * password: the password is removed and the account's sessions end (its epoch is raised). The
 * account and its team's work stay. An account whose password was changed is left alone, also
 * when that happens between the check and the update.
 */
export async function retireDemoLogin(): Promise<"retired" | "none"> {
  const hash = await publishedPasswordHash();
  if (!hash) return "none";
  const db = await getDb();
  const retired = await db
    .update(users)
    .set({ passwordHash: null, sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(and(eq(users.email, DEMO_LOGIN.email), eq(users.passwordHash, hash)))
    .returning({ id: users.id });
  lastCheck = undefined;
  return retired.length > 0 ? "retired" : "none";
}
