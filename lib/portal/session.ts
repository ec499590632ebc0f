import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { sessionClaims, type SessionClaims } from "@/lib/auth/session-user";
import { requestMetaFrom, requestOriginFrom } from "@/lib/api/request-context";
import { ensureOwnTeam } from "./accounts";
import { lookupSessionMember, type ActingMember, type RequestMeta } from "./member";
import { loadPollingMember, recallPollingMember } from "./polling-members";

export async function requestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}

/** The portal's public origin as the browser sees it, for links the engine signs. */
export async function requestOrigin(): Promise<string> {
  return requestOriginFrom(await headers());
}

/**
 * The signed-in member for this request, or null (no session, a session ended by an epoch
 * bump, user gone, or no team).
 */
export async function getActingMember(): Promise<ActingMember | null> {
  const claims = await sessionClaims();
  return claims ? actingMemberFor(claims) : null;
}

async function actingMemberFor(claims: SessionClaims): Promise<ActingMember | null> {
  const request = await requestMeta();
  const found = await lookupSessionMember(claims.userId, claims.epoch, request);
  if (found.status !== "no_team") return found.status === "member" ? found.member : null;
  // Signed in but in no team (left or lost the last one by other means than removal, which
  // ends the session): start them a team of their own rather than bouncing between the
  // portal and the sign-in page.
  if (!(await ensureOwnTeam(claims.userId, "no_team_left"))) return null;
  const again = await lookupSessionMember(claims.userId, claims.epoch, request);
  return again.status === "member" ? again.member : null;
}

/**
 * The member for the JSON routes the status views poll, reusing the one loaded for the same
 * user in the last two seconds. Safe because those routes' data-layer reads check the role
 * again in their own query (`getBatches`, `listMembers`): a member removed or demoted a moment
 * ago is still refused. Switching, leaving or joining a team drops the user's entry, so only
 * another server process can answer for the previous team, for at most those two seconds.
 * The remembered member carries the epoch it was read with: a session under another epoch
 * is looked up again (and refused), and an epoch bump here drops the entry.
 */
export async function getPollingMember(): Promise<ActingMember | null> {
  const claims = await sessionClaims();
  if (!claims) return null;
  const hit = recallPollingMember(claims.userId);
  if (hit && hit.sessionEpoch === claims.epoch) return { ...hit, request: await requestMeta() };
  return loadPollingMember(claims.userId, () => actingMemberFor(claims));
}

export async function requireMember(): Promise<ActingMember> {
  const member = await getActingMember();
  if (!member) redirect("/login");
  return member;
}
