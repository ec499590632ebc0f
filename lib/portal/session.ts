import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { loadActingMember, type ActingMember, type RequestMeta } from "./member";

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return {
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h.get("x-real-ip") ?? undefined,
    userAgent: h.get("user-agent") ?? undefined,
  };
}

/** The signed-in member for this request, or null (no session, user gone, or no team). */
export async function getActingMember(): Promise<ActingMember | null> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadActingMember(userId, await requestMeta());
}

export async function requireMember(): Promise<ActingMember> {
  const member = await getActingMember();
  if (!member) redirect("/login");
  return member;
}
