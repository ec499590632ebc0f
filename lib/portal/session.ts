import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionUserId } from "@/lib/auth/session-user";
import { requestMetaFrom, requestOriginFrom } from "@/lib/api/request-context";
import { ensureOwnTeam } from "./accounts";
import { loadActingMember, type ActingMember, type RequestMeta } from "./member";

export async function requestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}

/** The portal's public origin as the browser sees it, for links the engine signs. */
export async function requestOrigin(): Promise<string> {
  return requestOriginFrom(await headers());
}

/** The signed-in member for this request, or null (no session, user gone, or no team). */
export async function getActingMember(): Promise<ActingMember | null> {
  const userId = await sessionUserId();
  return userId ? actingMemberFor(userId) : null;
}

async function actingMemberFor(userId: string): Promise<ActingMember | null> {
  const request = await requestMeta();
  const member = await loadActingMember(userId, request);
  if (member) return member;
  // Signed in but in no team (removed from the last one): start them a team of their own
  // rather than bouncing between the portal and the sign-in page.
  return (await ensureOwnTeam(userId, "no_team_left")) ? loadActingMember(userId, request) : null;
}

const POLL_MEMBER_MS = 2_000;
const recentMembers: Map<string, { member: ActingMember; until: number }> = ((globalThis as { __pollMembers?: Map<string, { member: ActingMember; until: number }> }).__pollMembers ??= new Map());

/**
 * The member for the JSON routes the status views poll, reusing the one loaded for the same
 * user in the last two seconds. Safe because those routes' data-layer reads check the role
 * again in their own query (`getBatches`, `listMembers`): a member removed or demoted a moment
 * ago is still refused. What may lag by two seconds is only which team is active after a switch.
 */
export async function getPollingMember(): Promise<ActingMember | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const now = Date.now();
  const hit = recentMembers.get(userId);
  if (hit && hit.until > now) return { ...hit.member, request: await requestMeta() };
  const member = await actingMemberFor(userId);
  if (recentMembers.size >= 5_000) recentMembers.clear();
  if (member) recentMembers.set(userId, { member, until: now + POLL_MEMBER_MS });
  return member;
}

export async function requireMember(): Promise<ActingMember> {
  const member = await getActingMember();
  if (!member) redirect("/login");
  return member;
}
