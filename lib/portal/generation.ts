import "server-only";
import { getConfig } from "@/lib/config/env";
import { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import type { FetchResultOptions, RangedResult, ResultRange, Transport, TransportRequest, TransportResponse } from "@/lib/generation/transport";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import { generationTargetOfTeam, teamGenerationTarget } from "./generation-connections";
import type { ActingMember } from "./member";
import type { BatchReader } from "./share-access";

/**
 * The Generation API client for a member's team, first match wins: the team's own upstream
 * (Settings → Generation API), the deployment's GENERATION_API_URL, the built-in engine in
 * this process. `origin` is the portal's public origin, which the built-in engine uses for
 * the result links it signs. A share link (`ShareAccess`) gets its batch's team's client, to
 * read that one batch's status and results.
 */
export async function generationClientFor(member: BatchReader, origin: string): Promise<GenerationClient> {
  return new GenerationClient(new DeferredTransport(() => transportFor(member, origin)));
}

/**
 * The same for the portal's own background work on a team's batches (the submission
 * reconciler), where nobody is acting: never for a request.
 */
export function generationClientForTeam(teamId: string, origin: string): GenerationClient {
  return new GenerationClient(new DeferredTransport(async () => transportOf(teamId, await generationTargetOfTeam(teamId), origin)));
}

async function transportFor(member: BatchReader, origin: string): Promise<Transport> {
  return transportOf(member.teamId, await teamGenerationTarget(member), origin);
}

function transportOf(teamId: string, team: Awaited<ReturnType<typeof teamGenerationTarget>>, origin: string): Transport {
  if (team) {
    const transport = "problem" in team ? unusable(team.problem) : new HttpTransport({ baseUrl: team.url, token: team.token });
    return new RememberingSpecs(transport, `team ${teamId} ${team.url}`);
  }
  const remote = getConfig().generationApi;
  if (remote) return new RememberingSpecs(new HttpTransport({ baseUrl: remote.url, token: remote.token }), `env ${teamId} ${remote.url}`);
  return new InProcessTransport(teamId, origin);
}

/**
 * Looks up the team's connection only when a call is actually made: a status poll answered
 * from the coalescer's shared read (most of them) costs no database round trip for it.
 */
class DeferredTransport implements Transport {
  readonly kind = "deferred" as const;
  private resolved?: Promise<Transport>;

  constructor(private readonly resolve: () => Promise<Transport>) {}

  private transport(): Promise<Transport> {
    this.resolved ??= this.resolve();
    return this.resolved;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    return (await this.transport()).send(request);
  }

  async fetchResult(url: string, options?: FetchResultOptions): Promise<ReadableStream<Uint8Array>> {
    return (await this.transport()).fetchResult(url, options);
  }

  async fetchResultRange(url: string, range: ResultRange, options?: FetchResultOptions): Promise<RangedResult> {
    return rangedOrWhole(await this.transport(), url, range, options);
  }
}

/** A transport's ranged fetch, or its whole result when it cannot ask for ranges (as a server that ignores Range). */
async function rangedOrWhole(transport: Transport, url: string, range: ResultRange, options?: FetchResultOptions): Promise<RangedResult> {
  if (transport.fetchResultRange) return transport.fetchResultRange(url, range, options);
  return { body: await transport.fetchResult(url, options), partial: null };
}

/** What a batch records as the Generation API it went to when the built-in engine served it. */
export const BUILT_IN_UPSTREAM = "built-in";

/**
 * Names the Generation API that serves the team now, as batches record it: the team's URL,
 * the deployment's, or "built-in" (tokens are never part of it). Same order as `transportFor`.
 */
export async function upstreamFor(member: BatchReader): Promise<string> {
  return upstreamNamed(await teamGenerationTarget(member));
}

/** `upstreamFor` for background work on a team's batches (see `generationClientForTeam`). */
export async function upstreamOfTeam(teamId: string): Promise<string> {
  return upstreamNamed(await generationTargetOfTeam(teamId));
}

function upstreamNamed(team: Awaited<ReturnType<typeof teamGenerationTarget>>): string {
  if (team) return team.url;
  return getConfig().generationApi?.url ?? BUILT_IN_UPSTREAM;
}

export type GenerationSource = { kind: "team"; url: string } | { kind: "environment"; origin: string } | { kind: "built-in" };

/** Which Generation API serves the team, for the settings page. The deployment's token is never named. */
export async function generationSourceFor(member: ActingMember): Promise<GenerationSource> {
  const team = await teamGenerationTarget(member);
  if (team) return { kind: "team", url: team.url };
  const remote = getConfig().generationApi;
  if (remote) return { kind: "environment", origin: new URL(remote.url).origin };
  return { kind: "built-in" };
}

function unusable(problem: string): Transport {
  const refuse = async (): Promise<never> => {
    throw new GenerationApiError("unauthorized", problem);
  };
  return { kind: "http", send: refuse, fetchResult: refuse };
}

const SPEC_PATH = /^\/api\/jobs\/[^/?]+\/$/;
const REMEMBER_MS = 60 * 60 * 1000;
const REMEMBER_MAX = 200;
type SpecMemory = Map<string, { at: number; response: TransportResponse }>;
// On globalThis: Next bundles this module separately for pages and server actions, and the
// editor page must remember what the submit action later needs.
const slot = globalThis as unknown as Record<symbol, SpecMemory | undefined>;
const SPEC_SLOT = Symbol.for("infinity.portal.generator-spec-memory");
const specMemory = (slot[SPEC_SLOT] ??= new Map());

/**
 * A remote upstream can go away between the editor reading a generator's schema and the
 * submit. Submitting validates against the schema once more; when the upstream cannot be
 * reached at that moment, the schema it answered within the last hour stands in, so the batch
 * is kept as `failed_to_submit` with the reason and a Retry, rather than lost. The upstream
 * still validates the jobs itself when the batch reaches it. Only generator schemas are
 * remembered, per team and upstream, and only for upstream outages (network, time-out, 5xx).
 */
class RememberingSpecs implements Transport {
  readonly kind: Transport["kind"];

  constructor(
    private readonly inner: Transport,
    private readonly scope: string,
  ) {
    this.kind = inner.kind;
  }

  fetchResult(url: string, options?: FetchResultOptions): Promise<ReadableStream<Uint8Array>> {
    return this.inner.fetchResult(url, options);
  }

  fetchResultRange(url: string, range: ResultRange, options?: FetchResultOptions): Promise<RangedResult> {
    return rangedOrWhole(this.inner, url, range, options);
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    if (request.method !== "GET" || !SPEC_PATH.test(request.path)) return this.inner.send(request);
    const key = `${this.scope} ${request.path}`;
    let response: TransportResponse;
    try {
      response = await this.inner.send(request);
    } catch (error) {
      const kept = error instanceof GenerationApiError && error.transient ? recall(key) : undefined;
      if (kept) return kept;
      throw error;
    }
    if (response.status === 200) remember(key, response);
    if (response.status >= 500) return recall(key) ?? response;
    return response;
  }
}

function remember(key: string, response: TransportResponse): void {
  specMemory.delete(key);
  specMemory.set(key, { at: Date.now(), response });
  // A Map iterates in insertion order: the first key is the least recently stored.
  while (specMemory.size > REMEMBER_MAX) specMemory.delete(specMemory.keys().next().value!);
}

function recall(key: string): TransportResponse | undefined {
  const kept = specMemory.get(key);
  return kept && Date.now() - kept.at < REMEMBER_MS ? kept.response : undefined;
}
