import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "./index";
import { users } from "./schema";
import { registerUser } from "@/lib/portal/accounts";

/** A known login for the embedded demo; documented in the README and printed at start. */
export const DEMO_LOGIN = { name: "Demo User", email: "demo@infinity.local", password: "infinity-demo" } as const;

export async function seedDemoUser(): Promise<"created" | "exists"> {
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_LOGIN.email));
  if (existing) return "exists";
  await registerUser(DEMO_LOGIN);
  return "created";
}
