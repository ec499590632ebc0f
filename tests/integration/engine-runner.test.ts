import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";

// A short time limit and no retry delay, so the failure path runs in seconds.
process.env.ENGINE_JOB_TIMEOUT_SECONDS = "5";
process.env.ENGINE_RETRY_DELAY_SECONDS = "0";
process.env.ENGINE_CONCURRENCY = "2";

const { startRunner } = await import("@/lib/engine/runner");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeRenderPool } = await import("@/lib/engine/render-pool");
const { signUp } = await import("../support/factories");
const { api, teamToken, ORIGIN } = await import("../support/engine-api");
const { unzip } = await import("../support/zip");

const GENERATOR = "visionfit-flagship-v0.1.0";
const small = { image_width: 128, image_height: 128 };
let token: string;

type SummaryJob = { id: string; status: string; in_progress: boolean; result_url: string | null; attempts: number; error: string | null; progress: { frames_done: number; frames_total: number } };

// Each test's own timeout is longer than this deadline: on a loaded machine it fails saying where the batch got to, not with a bare timeout.
async function waitFor(batchId: string, done: (jobs: SummaryJob[]) => boolean, timeoutMs = 90_000): Promise<SummaryJob[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await api("GET", `/api/batch/${batchId}/summary/`, { token });
    const jobs = summary.json.job_runs as SummaryJob[];
    if (done(jobs)) return jobs;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} did not get there in time: ${JSON.stringify(jobs.map((j) => [j.status, j.attempts, j.error]))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  token = await teamToken(await signUp("runner"));
  await startRunner();
});

afterAll(async () => {
  await stopQueue();
  await closeRenderPool();
});

describe("the engine's runner", () => {
  it("renders previews and a video and serves each job as a signed zip", async () => {
    const created = await api("POST", "/api/batch/", {
      token,
      body: {
        name: "runner batch",
        job_runs: [
          { name: GENERATOR, is_preview: true, param_values: { ...small, exercise: "SQUAT" } },
          { name: GENERATOR, is_preview: true, param_values: { ...small, scene: "GYM_1" } },
          { name: GENERATOR, is_preview: false, param_values: { ...small, frame_rate: 6, num_reps: 1, exercise: "ARM_RAISE" } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const jobs = await waitFor(created.json.id, (js) => js.every((j) => !j.in_progress));
    expect(jobs.map((j) => j.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    for (const job of jobs) {
      expect(job.progress.frames_done).toBe(job.progress.frames_total);
      expect(job.result_url).toMatch(new RegExp(`^${ORIGIN}/api/results/${job.id}/\\?expires=\\d+&signature=`));
      const download = await api("GET", job.result_url!.slice(ORIGIN.length));
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("application/zip");
      const files = await unzip(Buffer.from(await download.response.arrayBuffer()));
      const names = [...files.keys()].sort();
      const expected = ["job.json", "labels.json", "segmentation.zip", "video_preview.png"];
      if (job === jobs[2]) expected.push("video.mp4");
      expect(names).toEqual(expected.sort().map((n) => `${job.id}/${n}`));
      const jobJson = JSON.parse(files.get(`${job.id}/job.json`)!.toString());
      expect(jobJson.name).toBe(GENERATOR);
      const labels = JSON.parse(files.get(`${job.id}/labels.json`)!.toString());
      expect(labels.images).toHaveLength(job.progress.frames_total);
      const png = await sharp(files.get(`${job.id}/video_preview.png`)!).metadata();
      expect([png.width, png.height]).toEqual([128, 128]);
    }

    // The link covers that job only, and a tampered or expired one is refused.
    const url = new URL(jobs[0]!.result_url!);
    const other = await api("GET", `/api/results/${jobs[1]!.id}/${url.search}`);
    expect(other.status).toBe(403);
    url.searchParams.set("expires", String(Math.floor(Date.now() / 1000) - 10));
    expect((await api("GET", `${url.pathname}${url.search}`)).status).toBe(403);

    const counts = await api("GET", "/api/job_runs/counts/", { token });
    expect(counts.json.counts_by_generator).toEqual([
      { generator: GENERATOR, non_preview_samples_rendered: jobs[2]!.progress.frames_total, preview_samples_rendered: 2 },
    ]);
  }, 120_000);

  it("cancels a running video: it stops and never gets a result", async () => {
    const created = await api("POST", "/api/batch/", {
      token,
      body: { name: "to cancel", job_runs: [{ name: GENERATOR, is_preview: false, param_values: { image_width: 512, image_height: 512, num_reps: 20, frame_rate: 30 } }] },
    });
    await waitFor(created.json.id, (js) => js[0]!.status === "running" && js[0]!.progress.frames_done > 0);
    expect((await api("POST", `/api/batch/${created.json.id}/cancel/`, { token })).json).toEqual({ canceled: 1 });
    await new Promise((r) => setTimeout(r, 2_000));
    const [job] = await waitFor(created.json.id, () => true);
    expect(job).toMatchObject({ status: "canceled", in_progress: false, result_url: null });
  }, 120_000);

  it("retries a job twice, then fails it with the reason; retry queues it again", async () => {
    const created = await api("POST", "/api/batch/", {
      token,
      // Far more than 5 s of rendering: every attempt hits the time limit.
      body: { name: "too slow", job_runs: [{ name: GENERATOR, is_preview: false, param_values: { image_width: 512, image_height: 512, num_reps: 20, frame_rate: 30, rel_baseline_speed: 0.33 } }] },
    });
    const [failed] = await waitFor(created.json.id, (js) => js[0]!.status === "failed", 120_000);
    expect(failed).toMatchObject({ attempts: 3, in_progress: false, result_url: null });
    expect(failed!.error).toMatch(/5 s limit/);

    expect((await api("POST", `/api/batch/${created.json.id}/retry/`, { token })).json).toEqual({ retried: 1 });
    const [again] = await waitFor(created.json.id, (js) => js[0]!.status !== "failed");
    expect(["queued", "running"]).toContain(again!.status);
    await api("POST", `/api/batch/${created.json.id}/cancel/`, { token });
  }, 180_000);
});
