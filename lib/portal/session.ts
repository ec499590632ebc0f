import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionUserId } from "@/lib/auth/session-user";
import { requestMetaFrom, requestOriginFrom } from "@/lib/api/request-context";
import { ensureOwnTeam } from "./accounts";
import { loadActingMember, type ActingMember, type RequestMeta } from "./member";
import { recallPollingMember, rememberPollingMember } from "./polling-members";

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

/**
 * The member for the JSON routes the status views poll, reusing the one loaded for the same
 * user in the last two seconds. Safe because those routes' data-layer reads check the role
 * again in their own query (`getBatches`, `listMembers`): a member removed or demoted a moment
 * ago is still refused. Switching, leaving or joining a team drops the user's entry, so only
 * another server process can answer for the previous team, for at most those two seconds.
 */
export async function getPollingMember(): Promise<ActingMember | null> {
  const userId = await sessionUserId();
  if (!userId) return null;
  const hit = recallPollingMember(userId);
  if (hit) return { ...hit, request: await requestMeta() };
  const member = await actingMemberFor(userId);
  if (member) rememberPollingMember(userId, member);
  return member;
}

export async function requireMember(): Promise<ActingMember> {
  const member = await getActingMember();
  if (!member) redirect("/login");
  return member;
}
