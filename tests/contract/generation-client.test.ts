import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleGenerationApi } from "@/lib/engine/api/router";
import { exposeInProcess } from "@/lib/engine/api/in-process";
import { stopQueue } from "@/lib/engine/queue";
import { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { HttpTransport } from "@/lib/generation/transports/http";
import { InProcessTransport } from "@/lib/generation/transports/in-process";
import type { ActingMember } from "@/lib/portal/member";
import { signUp } from "../support/factories";
import { teamToken } from "../support/engine-api";
import { allowOutbound, serve, serveUpstream } from "../support/http-server";

const GENERATOR = "visionfit-flagship-v0.1.0";
const preview = (param_values: Record<string, unknown> = {}) => ({ name: GENERATOR, is_preview: true, param_values });

let teamA: ActingMember;
let teamB: ActingMember;
let server: Awaited<ReturnType<typeof serve>>;
const clients: Record<string, { a: GenerationClient; b: GenerationClient }> = {};

beforeAll(async () => {
  teamA = await signUp("contract-a");
  teamB = await signUp("contract-b");
  exposeInProcess();
  server = await serveUpstream((request) => handleGenerationApi(request));
  clients["in-process"] = {
    a: new GenerationClient(new InProcessTransport(teamA.teamId, server.url)),
    b: new GenerationClient(new InProcessTransport(teamB.teamId, server.url)),
  };
  clients.http = {
    a: new GenerationClient(new HttpTransport({ baseUrl: server.url, token: await teamToken(teamA) })),
    b: new GenerationClient(new HttpTransport({ baseUrl: server.url, token: await teamToken(teamB) })),
  };
});

afterAll(async () => {
  await server.close();
  await stopQueue();
});

async function expectGenerationError(promise: Promise<unknown>, kind: GenerationApiError["kind"]): Promise<GenerationApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GenerationApiError);
  expect((error as GenerationApiError).kind).toBe(kind);
  return error as GenerationApiError;
}

describe.each(["in-process", "http"])("the Generation API client over %s", (transport) => {
  const a = () => clients[transport]!.a;
  const b = () => clients[transport]!.b;

  it("reads generators and their parameter schema", async () => {
    expect((await a().listGenerators()).map((g) => g.name)).toContain(GENERATOR);
    const spec = await a().getGenerator(GENERATOR);
    expect(spec.options.preview).toBe(true);
    expect(spec.params.find((p) => p.name === "num_reps")).toMatchObject({ type: "int", options: { min: 1, max: 20 }, default_value: 1 });
    await expectGenerationError(a().getGenerator("nope"), "not_found");
  });

  it("estimates, submits, reads, summarises, cancels and counts a batch", async () => {
    const body = { name: `contract ${transport}`, job_runs: [preview({ scene: "OFFICE_1" }), preview({ exercise: "SQUAT" })] };
    expect(await a().estimate(body)).toEqual([1, 1]);
    const created = await a().createBatch(body);
    expect(created.job_runs).toHaveLength(2);
    expect(created.job_runs[0]!.param_values.scene).toBe("OFFICE_1");
    expect(created.job_runs[1]!.param_values.state).toEqual(expect.any(String));

    const batch = await a().getBatch(created.id);
    expect(batch.job_runs.map((j) => j.id)).toEqual(created.job_runs.map((j) => j.id));
    const summary = await a().summary(created.id);
    expect(summary.job_runs.every((j) => j.in_progress && j.result_url === null)).toBe(true);
    expect((await a().listBatches({ start: new Date(Date.now() - 60_000) })).map((x) => x.id)).toContain(created.id);

    expect(await a().cancel(created.id)).toEqual({ canceled: 2 });
    expect(await a().retryFailed(created.id)).toEqual({ retried: 0 });
    expect((await a().counts()).counts_by_generator).toEqual(expect.any(Array));
  });

  it("reports validation errors per job and parameter", async () => {
    const error = await expectGenerationError(a().createBatch({ name: "bad", job_runs: [preview({ num_reps: 0 }), preview()] }), "rejected");
    expect(error.status).toBe(400);
    expect(error.jobErrors).toEqual([{ index: 0, errors: { num_reps: expect.stringMatching(/between 1 and 20/) } }]);
  });

  it("keeps teams apart: another team's batch is not found", async () => {
    const created = await a().createBatch({ name: "mine", job_runs: [preview()] });
    await expectGenerationError(b().getBatch(created.id), "not_found");
    await expectGenerationError(b().summary(created.id), "not_found");
    await expectGenerationError(b().cancel(created.id), "not_found");
    expect((await b().listBatches()).map((x) => x.id)).not.toContain(created.id);
    await a().cancel(created.id);
  });
});

describe("the HTTP transport when the upstream misbehaves", () => {
  it("says clearly that a closed port is unreachable, after retrying reads", async () => {
    const closed = await serve(async () => new Response("{}"));
    await closed.close();
    // Allowed, as a self-hosted upstream would be: the connection itself is what fails.
    const revoke = allowOutbound(`127.0.0.1:${closed.port}`);
    try {
      const client = new GenerationClient(new HttpTransport({ baseUrl: closed.url, token: "t", retryDelayMs: 10 }));
      const error = await expectGenerationError(client.listGenerators(), "unavailable");
      expect(error.message).toMatch(/Could not reach the Generation API at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      expect(error.transient).toBe(true);
    } finally {
      revoke();
    }
  });

  it("times out a slow upstream", async () => {
    const slow = await serveUpstream(() => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response("[]")), 2_000)));
    const client = new GenerationClient(new HttpTransport({ baseUrl: slow.url, token: "t", timeoutMs: 200, retries: 0 }));
    const error = await expectGenerationError(client.listGenerators(), "timeout");
    expect(error.message).toMatch(/did not answer within/);
    await slow.close();
  });

  it("retries a read after a 503 but never re-sends a batch", async () => {
    const seen: string[] = [];
    const flaky = await serveUpstream(async (request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`);
      const n = seen.filter((s) => s.startsWith(request.method)).length;
      if (n === 1) return new Response(JSON.stringify({ detail: "busy" }), { status: 503, headers: { "content-type": "application/json" } });
      return request.method === "GET"
        ? new Response(JSON.stringify([{ name: GENERATOR }]), { headers: { "content-type": "application/json" } })
        : new Response(JSON.stringify({ detail: "should not be reached" }), { status: 500 });
    });
    const client = new GenerationClient(new HttpTransport({ baseUrl: flaky.url, token: "t", retryDelayMs: 10 }));
    expect(await client.listGenerators()).toEqual([{ name: GENERATOR }]);
    await expectGenerationError(client.createBatch({ name: "once", job_runs: [preview()] }), "unavailable");
    expect(seen).toEqual(["GET /api/jobs/", "GET /api/jobs/", "POST /api/batch/"]);
    await flaky.close();
  });

  it("rejects an answer that is not the contract", async () => {
    const odd = await serveUpstream(async () => new Response(JSON.stringify({ generators: [] }), { headers: { "content-type": "application/json" } }));
    const client = new GenerationClient(new HttpTransport({ baseUrl: odd.url, token: "t" }));
    const error = await expectGenerationError(client.listGenerators(), "invalid_response");
    expect(error.message).toMatch(/does not match the contract/);
    await odd.close();
  });
});
