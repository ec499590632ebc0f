import { randomUUID } from "node:crypto";
import { loadActingMember, type ActingMember } from "@/lib/portal/member";
import { registerUser } from "@/lib/portal/accounts";
import { acceptInvitation, createInvitation } from "@/lib/portal/invitations";
import type { Role } from "@/lib/auth/permissions";

export const PASSWORD = "correct horse battery";

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * A client address no other test uses (in 2001:db8::/32, the documentation range): per-address
 * limits count in the database, which test files share on Postgres.
 */
export function uniqueIp(): string {
  const hex = randomUUID().replace(/-/g, "");
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}:${hex.slice(16, 20)}:${hex.slice(20, 24)}`;
}

/** A real sign-up through the data layer: user, own team (as owner), audit event. */
export async function signUp(label: string): Promise<ActingMember> {
  const user = await registerUser({ name: `${label} Tester`, email: uniqueEmail(label), password: PASSWORD });
  return (await loadActingMember(user.id))!;
}

/** A second person who joins `owner`'s team with `role` through a real invitation. */
export async function joinTeam(owner: ActingMember, label: string, role: Role): Promise<ActingMember> {
  const person = await signUp(label);
  const { token } = await createInvitation(owner, role);
  await acceptInvitation(person.userId, token);
  const member = (await loadActingMember(person.userId))!;
  if (member.teamId !== owner.teamId) throw new Error("joined member should act in the invited team");
  return member;
}
