import fc from "fast-check";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { engineBatches, engineJobs } from "@/db/schema";
import { handleGenerationApi, ROUTE_TABLE } from "@/lib/engine/api/router";
import { stopQueue } from "@/lib/engine/queue";
import { createApiToken, revokeApiToken } from "@/lib/portal/api-tokens";
import type { ActingMember } from "@/lib/portal/member";
import { signUp } from "../support/factories";
import { api, previewJob, teamToken } from "../support/engine-api";
import { expectReadableMessage, FUZZ_RUNS, Tally } from "../support/fuzz";
import { ENDPOINTS, plannedRequest, toRequest, type ApiWorld, type Expected, type PlannedRequest } from "../support/fuzz-requests";

/**
 * Every Generation API endpoint, fuzzed in process exactly as Next's route handlers call it:
 * 10,000 requests with ids, paths, methods, queries, Authorization headers and bodies that are
 * mostly right with one thing wrong. Whatever comes in, the answer is never a 5xx; a refusal is
 * JSON `{"detail": "<sentence>"}`; a request that is right is answered 2xx; team B never sees
 * team A's ids; and no refused request leaves a batch behind.
 */

let world: ApiWorld;
let ownerA: ActingMember;
let ownerB: ActingMember;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  ownerA = await signUp("fuzz-api-a");
  ownerB = await signUp("fuzz-api-b");
  const tokenA = await teamToken(ownerA);
  const tokenB = await teamToken(ownerB);
  const revoked = await createApiToken(ownerA, "revoked");
  await revokeApiToken(ownerA, revoked.id);
  const a = await api("POST", "/api/batch/", { token: tokenA, body: { name: "fuzz A", job_runs: [previewJob(), { ...previewJob(), is_preview: false }] } });
  const b = await api("POST", "/api/batch/", { token: tokenB, body: { name: "fuzz B", job_runs: [previewJob()] } });
  expect([a.status, b.status]).toEqual([201, 201]);
  world = { tokenA, tokenB, revokedToken: revoked.token, batchA: a.json.id, previewA: a.json.job_runs[0].id, videoA: a.json.job_runs[1].id, batchB: b.json.id };
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await stopQueue();
});

function matches(status: number, expected: Expected): boolean {
  if (typeof expected === "number") return status === expected;
  const ok = status >= 200 && status < 300;
  const refused = status >= 400 && status < 500;
  return expected === "2xx" ? ok : expected === "4xx" ? refused : ok || refused;
}

async function teamCounts(teamId: string) {
  const db = await getDb();
  const [batches] = await db.select({ n: count() }).from(engineBatches).where(eq(engineBatches.teamId, teamId));
  const [jobs] = await db.select({ n: count() }).from(engineJobs).where(and(eq(engineJobs.teamId, teamId)));
  return { batches: batches!.n, jobs: jobs!.n };
}

describe("the Generation API, fuzzed", () => {
  it("has a fuzzing plan for every endpoint the router answers", () => {
    const planned = ENDPOINTS.map((e) => `${e.method} /api/${e.path.replace(/:\w+/g, ":id")}/`).sort();
    const routed = ROUTE_TABLE.map((r) => `${r.method} ${r.path.replace(/:\w+/g, ":id")}`);
    // The router serves results and the OpenAPI document before its table.
    expect(planned).toEqual([...routed, "GET /api/openapi.json/", "GET /api/results/:id/"].sort());
  });

  it(
    `answers ${FUZZ_RUNS.toLocaleString("en-US")} hostile requests without a 5xx, every refusal a sentence, every right request accepted`,
    async () => {
      const byStatus = new Tally("Generation API, by status");
      const byEndpoint = new Tally("Generation API, by endpoint");
      const before = { A: await teamCounts(ownerA.teamId), B: await teamCounts(ownerB.teamId) };
      const created = { A: { batches: 0, jobs: 0 }, B: { batches: 0, jobs: 0 } };
      const idsOf = { A: new Set([world.batchA, world.previewA, world.videoA]), B: new Set([world.batchB]) };
      let unrepresentable = 0;
      const timeByEndpoint = new Map<string, number>();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();

      await fc.assert(
        fc.asyncProperty(plannedRequest(world), async (planned: PlannedRequest) => {
          let request: Request;
          try {
            request = toRequest(planned);
          } catch {
            // A request no client could send (fetch refuses to build it) is no input.
            unrepresentable++;
            return;
          }
          const started = performance.now();
          const response = await handleGenerationApi(request);
          const text = await response.text();
          const spent = (timeByEndpoint.get(planned.label) ?? 0) + performance.now() - started;
          timeByEndpoint.set(planned.label, spent);
          const { status } = response;
          byStatus.add(status >= 400 ? `refused ${status}` : `${status}`);
          byEndpoint.add(planned.label);
          const context = `${planned.method} ${planned.target.slice(0, 200)} → ${status} ${text.slice(0, 300)}`;
          if (status >= 500) expect.fail(`a 5xx: ${context}`);
          if (!matches(status, planned.expected)) expect.fail(`expected ${planned.expected}: ${context}`);
          expect(response.headers.get("content-type"), context).toContain("application/json");
          const body = JSON.parse(text) as unknown;
          if (status >= 400) {
            expectReadableMessage((body as { detail?: unknown }).detail, context);
            if (status === 405) expect(response.headers.get("allow"), context).toMatch(/^(GET|POST)(, (GET|POST))?$/);
          }
          if (planned.team && status >= 200 && status < 300) {
            const other = planned.team === "A" ? "B" : "A";
            for (const id of text.match(UUIDS) ?? []) if (idsOf[other].has(id.toLowerCase())) expect.fail(`team ${planned.team} saw team ${other}'s id ${id}: ${context}`);
            if (status === 201) {
              const batch = body as { id: string; job_runs: { id: string }[] };
              if (planned.jobs !== undefined) expect(batch.job_runs, context).toHaveLength(planned.jobs);
              created[planned.team].batches++;
              created[planned.team].jobs += batch.job_runs.length;
              idsOf[planned.team].add(batch.id);
              for (const job of batch.job_runs) idsOf[planned.team].add(job.id);
            }
          }
        }),
        { numRuns: Number(process.env.FUZZ_PROBE_RUNS) || FUZZ_RUNS },
      );

      byStatus.print();
      byEndpoint.print();
      const slowest = [...timeByEndpoint].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([label, ms]) => `${label} ${(ms / byEndpoint.get(label)).toFixed(1)} ms`);
      const cpu = process.cpuUsage(cpuBefore);
      console.log(
        `[fuzz] Generation API: ${((performance.now() - started) / 1000).toFixed(1)} s in all, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU in the test process (PGlite runs inside it, a Postgres server does not); slowest on average: ${slowest.join(", ")}`,
      );
      console.log(`[fuzz] Generation API: ${unrepresentable} drawn requests could not be built by fetch and were skipped; ${created.A.batches + created.B.batches} batches created`);
      expect(unrepresentable).toBeLessThan(FUZZ_RUNS / 100);
      // Every endpoint was reached, and refusals and acceptances both happened in numbers.
      for (const e of ENDPOINTS) expect(byEndpoint.get(`${e.method} ${e.path}`), `${e.method} ${e.path}`).toBeGreaterThan(100);
      expect(byStatus.get("200") + byStatus.get("201")).toBeGreaterThan(FUZZ_RUNS / 5);
      // Nothing half-written: each team holds exactly what its 201s reported.
      expect(await teamCounts(ownerA.teamId)).toEqual({ batches: before.A.batches + created.A.batches, jobs: before.A.jobs + created.A.jobs });
      expect(await teamCounts(ownerB.teamId)).toEqual({ batches: before.B.batches + created.B.batches, jobs: before.B.jobs + created.B.jobs });
      expect(unhandled).toEqual([]);
    },
    600_000,
  );
});
