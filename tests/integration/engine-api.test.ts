import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/lib/engine/queue";
import { MAX_BODY_BYTES } from "@/lib/engine/api/http";
import { revokeApiToken } from "@/lib/portal/api-tokens";
import { signUp } from "../support/factories";
import { api, previewJob, teamToken } from "../support/engine-api";

let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  tokenA = await teamToken(await signUp("engine-a"));
  tokenB = await teamToken(await signUp("engine-b"));
});

afterAll(async () => {
  await stopQueue();
});

describe("Generation API contract", () => {
  it("answers 401 without a token, with a bad token and with a revoked one", async () => {
    expect((await api("GET", "/api/jobs/")).status).toBe(401);
    const bad = await api("GET", "/api/jobs/", { token: "inf_not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.json.detail).toMatch(/Authorization: Token/);
    const owner = await signUp("revoker");
    const { createApiToken } = await import("@/lib/portal/api-tokens");
    const created = await createApiToken(owner, "short-lived");
    expect((await api("GET", "/api/jobs/", { token: created.token })).status).toBe(200);
    await revokeApiToken(owner, created.id);
    expect((await api("GET", "/api/jobs/", { token: created.token })).status).toBe(401);
  });

  it("lists generators and their schema, with and without the trailing slash", async () => {
    for (const path of ["/api/jobs/", "/api/jobs"]) {
      const list = await api("GET", path, { token: tokenA });
      expect(list.status).toBe(200);
      expect(list.json.map((g: { name: string }) => g.name)).toContain("visionfit-flagship-v0.1.0");
    }
    const spec = await api("GET", "/api/jobs/visionfit-flagship-v0.1.0/", { token: tokenA });
    expect(spec.json).toMatchObject({ name: "visionfit-flagship-v0.1.0", version: "0.1.0", options: { preview: true } });
    const scene = spec.json.params.find((p: { name: string }) => p.name === "scene");
    expect(scene).toMatchObject({ type: "str", default_value: "BEDROOM_2", options: { choices: expect.arrayContaining(["GYM_1", "OFFICE_1"]) } });
    expect(spec.json.params.map((p: { name: string }) => p.name)).toContain("state");
    const unknown = await api("GET", "/api/jobs/no-such-generator/", { token: tokenA });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toMatch(/No generator named "no-such-generator"/);
  });

  it("creates a batch with resolved parameters and a recorded seed", async () => {
    const created = await api("POST", "/api/batch/", {
      token: tokenA,
      body: { name: "three previews", job_runs: [previewJob({ scene: "GYM_1" }), previewJob({ num_reps: 3, camera_distance: 4 }), previewJob({ state: "6f1c2a4e-93b1-4c6e-9f51-0a1b2c3d4e5f" })] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "three previews", id: expect.any(String), created: expect.stringMatching(/T.*Z$/) });
    const [first, second, third] = created.json.job_runs;
    expect(first.param_values).toMatchObject({ scene: "GYM_1", exercise: "PUSHUP", num_reps: 1, lighting_power: 100 });
    expect(first.param_values.state).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.param_values).toMatchObject({ num_reps: 3, camera_distance: 4, scene: "BEDROOM_2" });
    expect(third.param_values.state).toBe("6f1c2a4e-93b1-4c6e-9f51-0a1b2c3d4e5f");

    const read = await api("GET", `/api/batch/${created.json.id}`, { token: tokenA });
    expect(read.status).toBe(200);
    expect(read.json.job_runs.map((j: { id: string }) => j.id)).toEqual(created.json.job_runs.map((j: { id: string }) => j.id));
    expect(read.json.job_runs[0].param_values).toEqual(first.param_values);

    const summary = await api("GET", `/api/batch/${created.json.id}/summary/`, { token: tokenA });
    expect(summary.json.job_runs).toHaveLength(3);
    expect(summary.json.job_runs[0]).toMatchObject({ name: "visionfit-flagship-v0.1.0", in_progress: true, result_url: null, status: "queued" });

    const previews = await api("GET", `/api/job_previews/?batch_id=${created.json.id}`, { token: tokenA });
    expect(previews.json).toHaveLength(3);
    const one = await api("GET", `/api/job_previews/${first.id}/`, { token: tokenA });
    expect(one.json.param_values).toEqual(first.param_values);
    // A preview is not a video job.
    expect((await api("GET", `/api/job_runs/${first.id}/`, { token: tokenA })).status).toBe(404);
  });

  it("refuses a batch with any invalid job, per job and parameter, and creates nothing", async () => {
    const before = await api("GET", "/api/batch/", { token: tokenA });
    const refused = await api("POST", "/api/batch/", {
      token: tokenA,
      body: {
        name: "bad",
        job_runs: [
          previewJob({ scene: "GYM_1" }),
          previewJob({ num_reps: 99, lighting_power: "bright" }),
          previewJob({ colour: "red" }),
          { name: "no-such-generator", param_values: {} },
          previewJob({ frame_rate: 25, state: "not-a-uuid" }),
        ],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.detail).toBe("4 of 5 jobs are invalid; nothing was created.");
    const byIndex = Object.fromEntries(refused.json.job_errors.map((e: { index: number; errors: Record<string, string> }) => [e.index, e.errors]));
    expect(Object.keys(byIndex)).toEqual(["1", "2", "3", "4"]);
    expect(byIndex[1].num_reps).toMatch(/between 1 and 20, got 99/);
    expect(byIndex[1].lighting_power).toMatch(/must be a number/);
    expect(byIndex[2].colour).toMatch(/is not a parameter/);
    expect(byIndex[3].name).toMatch(/unknown generator "no-such-generator"/);
    expect(byIndex[4].frame_rate).toMatch(/one of 30, 24, 12, 8, 6/);
    expect(byIndex[4].state).toMatch(/UUID/);
    const after = await api("GET", "/api/batch/", { token: tokenA });
    expect(after.json).toHaveLength(before.json.length);
  });

  it("answers malformed JSON, an oversized body and 10,001 jobs with a clear 4xx", async () => {
    const malformed = await api("POST", "/api/batch/", { token: tokenA, rawBody: '{"name": "x", "job_runs": [', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/not valid JSON/);

    const huge = await api("POST", "/api/batch/", { token: tokenA, rawBody: " ".repeat(MAX_BODY_BYTES + 1) });
    expect(huge.status).toBe(413);
    expect(huge.json.detail).toMatch(/larger than/);

    const tooMany = await api("POST", "/api/batch/", { token: tokenA, body: { name: "too many", job_runs: Array.from({ length: 10_001 }, () => previewJob()) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.detail).toMatch(/at most 10,000 jobs/);

    const noJobs = await api("POST", "/api/batch/", { token: tokenA, body: { name: "no jobs" } });
    expect(noJobs.status).toBe(400);
    expect(noJobs.json.detail).toMatch(/job_runs/);
  });

  it("never shows one team's batches or jobs to another (404, not 403)", async () => {
    const created = await api("POST", "/api/batch/", { token: tokenA, body: { name: "private", job_runs: [previewJob()] } });
    const id = created.json.id;
    const jobId = created.json.job_runs[0].id;
    for (const path of [`/api/batch/${id}/`, `/api/batch/${id}/summary/`, `/api/job_previews/${jobId}/`]) {
      const other = await api("GET", path, { token: tokenB });
      expect(other.status).toBe(404);
      expect(JSON.stringify(other.json)).not.toContain(id);
    }
    for (const path of [`/api/batch/${id}/cancel/`, `/api/batch/${id}/retry/`]) {
      expect((await api("POST", path, { token: tokenB })).status).toBe(404);
    }
    expect((await api("GET", "/api/batch/", { token: tokenB })).json.map((b: { id: string }) => b.id)).not.toContain(id);
    expect((await api("GET", "/api/job_previews/", { token: tokenB })).json.map((j: { id: string }) => j.id)).not.toContain(jobId);
    expect((await api("GET", "/api/batch/not-a-uuid/", { token: tokenB })).status).toBe(404);
    // B's own view is untouched by A's cancel attempt, and A's batch is still queued.
    const summary = await api("GET", `/api/batch/${id}/summary/`, { token: tokenA });
    expect(summary.json.job_runs[0].status).toBe("queued");
  });

  it("estimates frames, cancels, lists by window and counts", async () => {
    const estimate = await api("POST", "/api/batch/estimate/", {
      token: tokenA,
      body: { name: "estimate", job_runs: [previewJob(), { name: "visionfit-flagship-v0.1.0", is_preview: false, param_values: { num_reps: 2, frame_rate: 12 } }] },
    });
    expect(estimate.status).toBe(200);
    expect(estimate.json[0]).toBe(1);
    expect(estimate.json[1]).toBeGreaterThan(12);

    const created = await api("POST", "/api/batch/", { token: tokenA, body: { name: "to cancel", job_runs: [previewJob(), previewJob()] } });
    const cancel = await api("POST", `/api/batch/${created.json.id}/cancel/`, { token: tokenA });
    expect(cancel.json).toEqual({ canceled: 2 });
    const summary = await api("GET", `/api/batch/${created.json.id}/summary/`, { token: tokenA });
    expect(summary.json.job_runs.map((j: { status: string; in_progress: boolean }) => [j.status, j.in_progress])).toEqual([
      ["canceled", false],
      ["canceled", false],
    ]);
    expect((await api("POST", `/api/batch/${created.json.id}/retry/`, { token: tokenA })).json).toEqual({ retried: 0 });

    const past = await api("GET", "/api/batch/?start_time=2000-01-01T00:00:00Z&end_time=2000-01-02T00:00:00Z", { token: tokenA });
    expect(past.json).toEqual([]);
    const recent = await api("GET", `/api/batch/?start_time=${new Date(Date.now() - 60_000).toISOString()}`, { token: tokenA });
    expect(recent.json.map((b: { id: string }) => b.id)).toContain(created.json.id);
    expect((await api("GET", "/api/batch/?start_time=yesterday", { token: tokenA })).status).toBe(400);

    const counts = await api("GET", "/api/job_runs/counts/", { token: tokenA });
    expect(counts.json).toMatchObject({ counts_by_generator: expect.any(Array) });
  });

  it("serves an OpenAPI document that lists every endpoint", async () => {
    const doc = await api("GET", "/api/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe("3.1.0");
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining(["/api/jobs/", "/api/batch/", "/api/batch/{id}/summary/", "/api/job_runs/counts/", "/api/results/{id}/"]),
    );
  });

  it("documents exactly the endpoints the router answers", async () => {
    const { ROUTE_TABLE } = await import("@/lib/engine/api/router");
    const doc = (await api("GET", "/api/openapi.json")).json;
    const shape = (path: string) => path.replace(/\{[^}]+\}|:[a-z]+/g, "{}");
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${shape(path)}`))
      .filter((entry) => !entry.includes("/api/results/"))
      .sort();
    expect(documented).toEqual(ROUTE_TABLE.map((r) => `${r.method} ${shape(r.path)}`).sort());
  });

  it("answers 405 for a wrong method and 404 for an unknown path", async () => {
    const wrong = await api("DELETE", "/api/batch/", { token: tokenA });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("POST");
    expect((await api("GET", "/api/nothing-here/", { token: tokenA })).status).toBe(404);
  });
});
