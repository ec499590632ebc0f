import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";

// This file plays the app (the API) against a real Postgres; workers are separate processes.
const databaseUrl = inject("databaseUrl");
if (!databaseUrl) throw new Error("The postgres project needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).");
const dataDir = mkdtempSync(path.join(tmpdir(), "infinity-workers-"));
process.env.DATABASE_URL = databaseUrl;
process.env.DATA_DIR = dataDir;
process.env.ENGINE_JOB_TIMEOUT_SECONDS = "20";

const { signUp } = await import("../support/factories");
const { api, teamToken } = await import("../support/engine-api");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeDb } = await import("@/db");
const { unzip } = await import("../support/zip");

const workers: ChildProcess[] = [];

function startWorker(name: string): ChildProcess {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    env: { ...process.env, ENGINE_CONCURRENCY: "1", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the kill reaches node behind npx
  });
  child.stdout!.on("data", (d: Buffer) => process.stdout.write(`[${name}] ${d}`));
  child.stderr!.on("data", (d: Buffer) => process.stdout.write(`[${name}] ${d}`));
  workers.push(child);
  return child;
}

let token: string;

beforeAll(async () => {
  token = await teamToken(await signUp("crash"));
});

afterAll(async () => {
  for (const w of workers) {
    try {
      process.kill(-w.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await stopQueue();
  await closeDb();
});

async function summary(batchId: string) {
  return (await api("GET", `/api/batch/${batchId}/summary/`, { token })).json.job_runs[0];
}

it("a worker killed with SIGKILL mid-video: another finishes the job once, with no partial output", async () => {
  const created = await api("POST", "/api/batch/", {
    token,
    body: { name: "crash", job_runs: [{ name: "visionfit-flagship-v0.1.0", is_preview: false, param_values: { image_width: 512, image_height: 512, num_reps: 6, frame_rate: 30 } }] },
  });
  expect(created.status).toBe(201);
  const batchId = created.json.id;
  const jobId = created.json.job_runs[0].id;

  const first = startWorker("worker-1");
  for (let i = 0; ; i++) {
    const job = await summary(batchId);
    if (job.status === "running" && job.progress.frames_done > 0) break;
    if (i > 600) throw new Error(`worker-1 never started rendering: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(-first.pid!, "SIGKILL");
  const atKill = await summary(batchId);
  expect(atKill).toMatchObject({ status: "running", result_url: null });

  startWorker("worker-2");
  let job = atKill;
  for (let i = 0; job.in_progress; i++) {
    if (i > 240) throw new Error(`the job was not finished after the crash: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 500));
    job = await summary(batchId);
  }
  expect(job).toMatchObject({ status: "succeeded", attempts: 2 });
  expect(job.progress.frames_done).toBe(job.progress.frames_total);

  // Exactly one published output folder: the killed attempt never published anything.
  expect(readdirSync(path.join(dataDir, "blobs", "jobs", jobId))).toHaveLength(1);
  const download = await api("GET", new URL(job.result_url).pathname + new URL(job.result_url).search);
  const files = await unzip(Buffer.from(await download.response.arrayBuffer()));
  expect([...files.keys()].sort()).toEqual(["job.json", "labels.json", "segmentation.zip", "video.mp4", "video_preview.png"].map((f) => `${jobId}/${f}`));
  const labels = JSON.parse(files.get(`${jobId}/labels.json`)!.toString());
  expect(labels.images).toHaveLength(job.progress.frames_total);
}, 240_000);
