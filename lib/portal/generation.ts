import "server-only";
import { getConfig } from "@/lib/config/env";
import { GenerationClient } from "@/lib/generation/client";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import type { ActingMember } from "./member";

/**
 * The Generation API client for a member's team: the upstream named by GENERATION_API_URL
 * when set, else the built-in engine in this process. `origin` is the portal's public
 * origin, which the built-in engine uses for the result links it signs.
 */
export function generationClientFor(member: ActingMember, origin: string): GenerationClient {
  const remote = getConfig().generationApi;
  if (remote) return new GenerationClient(new HttpTransport({ baseUrl: remote.url, token: remote.token }));
  return new GenerationClient(new InProcessTransport(member.teamId, origin));
}
