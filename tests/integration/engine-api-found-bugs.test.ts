import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/lib/engine/queue";
import { signUp } from "../support/factories";
import { api, previewJob, teamToken } from "../support/engine-api";
import { deepJson } from "../support/fuzz";

/**
 * One example per bug the Generation API fuzzer (fuzz-generation-api.test.ts) found: each was
 * a 500 or an input accepted that should have been refused. Plain tests, so each stays fixed
 * even when a fuzz run does not happen to draw it again.
 */

let token: string;

beforeAll(async () => {
  token = await teamToken(await signUp("engine-found-bugs"));
});

afterAll(async () => {
  await stopQueue();
});

async function batchCount() {
  return (await api("GET", "/api/batch/", { token })).json.length as number;
}

describe("Generation API: bugs found by fuzzing", () => {
  it("a malformed %-escape in a path is a 400, not a URIError answered 500", async () => {
    for (const path of ["/api/jobs/%E0%A4%A/", "/api/batch/%ZZ/summary/", "/api/job_previews/%/"]) {
      const answer = await api("GET", path, { token });
      expect(answer.status, path).toBe(400);
      expect(answer.json.detail).toBe("The path has a malformed %-escape: encode each byte of a name as %XX (UTF-8).");
    }
  });

  it("a time outside years 1 to 9999 is a 400, not a Postgres error answered 500", async () => {
    for (const time of ["0000-01-01", "-000001-01-01", "-200000-01-01", "275760-01-01", "10000-01-01"]) {
      const answer = await api("GET", `/api/batch/?start_time=${encodeURIComponent(time)}`, { token });
      expect(answer.status, time).toBe(400);
      expect(answer.json.detail).toMatch(/^start_time must be an ISO 8601 time from year 1 to 9999/);
      expect((await api("GET", `/api/job_runs/counts/?end_time=${encodeURIComponent(time)}`, { token })).status).toBe(400);
    }
    expect((await api("GET", "/api/batch/?start_time=0001-01-01T00:00:00Z&end_time=9999-12-31T23:59:59Z", { token })).status).toBe(200);
  });

  it("a fractional, huge or infinite limit or offset pages normally, not a bigint error answered 500", async () => {
    for (const query of ["offset=1e20", "offset=1.5", "offset=1e400", "offset=Infinity", "limit=1.5", "limit=1e400", "offset=99999999999999999999"]) {
      const answer = await api("GET", `/api/job_runs/?${query}`, { token });
      expect(answer.status, query).toBe(200);
      expect(answer.json).toEqual(expect.any(Array));
    }
  });

  it("a batch without a name, as the Infinity client sends when estimating samples, is estimated and created, named by its time", async () => {
    for (const body of [{ job_runs: [previewJob()] }, { name: null, job_runs: [previewJob()] }, { name: "  ", job_runs: [previewJob()] }]) {
      const estimate = await api("POST", "/api/batch/estimate/", { token, body });
      expect(estimate, JSON.stringify(body)).toMatchObject({ status: 200, json: [1] });
      const created = await api("POST", "/api/batch/", { token, body });
      expect(created.status, JSON.stringify(body)).toBe(201);
      expect(created.json.name).toMatch(/^Batch of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    }
    const wrong = await api("POST", "/api/batch/", { token, body: { name: 7, job_runs: [previewJob()] } });
    expect(wrong).toMatchObject({ status: 400, json: { detail: "name must be a string naming the batch (or left out)" } });
  });

  it("a batch name with NUL is refused, not a failed insert answered 500, and nothing is created", async () => {
    const before = await batchCount();
    const answer = await api("POST", "/api/batch/", { token, body: { name: "a\u0000b", job_runs: [previewJob()] } });
    expect(answer.status).toBe(400);
    expect(answer.json.detail).toBe("name must be text without NUL characters or unpaired surrogates");
    expect(await batchCount()).toBe(before);
  });

  it("a parameter value nested 50,000 levels deep is refused with a short message, not a RangeError answered 500", async () => {
    const rawBody = `{"name": "deep", "job_runs": [{"name": "visionfit-flagship-v0.1.0", "is_preview": true, "param_values": {"num_reps": ${deepJson(50_000)}}}]}`;
    const answer = await api("POST", "/api/batch/", { token, rawBody, headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(400);
    expect(answer.json.job_errors).toEqual([{ index: 0, errors: { num_reps: "must be an integer, got [[[…]]]" } }]);
  });

  it("a parameter named __proto__ is refused like any unknown parameter, not silently dropped (201)", async () => {
    const before = await batchCount();
    const rawBody = '{"name": "proto", "job_runs": [{"name": "visionfit-flagship-v0.1.0", "is_preview": true, "param_values": {"__proto__": {"num_reps": 3}}}]}';
    const answer = await api("POST", "/api/batch/", { token, rawBody, headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(400);
    // As text: an object literal's `__proto__` would set a prototype, not the own key the answer holds.
    expect(JSON.stringify(answer.json.job_errors)).toBe('[{"index":0,"errors":{"__proto__":"is not a parameter of visionfit-flagship-v0.1.0"}}]');
    expect(await batchCount()).toBe(before);
  });

  it("a body that is not an object, and a 5,000-character generator name, get sentences of bounded length", async () => {
    const list = await api("POST", "/api/batch/estimate/", { token, body: [] });
    expect(list.status).toBe(400);
    expect(list.json.detail).toMatch(/^The body must be a JSON object: \{"name"/);
    const long = await api("GET", `/api/jobs/${"x".repeat(5_000)}/`, { token });
    expect(long.status).toBe(404);
    expect(long.json.detail.length).toBeLessThan(200);
    const unknown = await api("POST", "/api/batch/estimate/", { token, body: { name: "x", job_runs: [{ name: "y".repeat(5_000) }] } });
    expect(unknown.json.job_errors[0].errors.name.length).toBeLessThan(200);
  });
});
