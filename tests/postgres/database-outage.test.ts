import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createScratchDatabase } from "../support/scratch-database";

// The app (this process) and a render worker (another) on a real Postgres whose connections
// are all cut mid-batch, as a restart or a failover does: pg_terminate_backend on every
// connection of a database of this file's own (a real restart would also cut the other test
// files', which run beside it).
if (!inject("databaseUrl")) throw new Error("The postgres project needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).");
const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, "portal_outage");
const databaseUrl = scratch.url;
const dataDir = mkdtempSync(path.join(tmpdir(), "infinity-outage-"));
process.env.DATABASE_URL = databaseUrl;
process.env.DATA_DIR = dataDir;

const { signUp } = await import("../support/factories");
const { api, teamToken } = await import("../support/engine-api");
const { stopQueue } = await import("@/lib/engine/queue");
const { closeDb, getDb } = await import("@/db");
const { sql } = await import("drizzle-orm");

let worker: ChildProcess;
let workerOutput = "";
let token: string;

/** Ends every connection to this database but the caller's: the app's pool, pg-boss's, the worker's. */
async function cutEveryConnection(): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query("select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t");
    return rows[0].n as number;
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  token = await teamToken(await signUp("outage"));
  worker = spawn("npx", ["tsx", "--conditions=react-server", "scripts/worker.ts"], {
    env: { ...process.env, ENGINE_CONCURRENCY: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  worker.stdout!.on("data", (d: Buffer) => (workerOutput += d.toString()));
  worker.stderr!.on("data", (d: Buffer) => (workerOutput += d.toString()));
});

afterAll(async () => {
  try {
    process.kill(-worker.pid!, "SIGKILL");
  } catch {
    // already gone
  }
  await stopQueue();
  await closeDb();
  await scratch.drop();
});

async function jobs(batchId: string) {
  return (await api("GET", `/api/batch/${batchId}/summary/`, { token })).json.job_runs as { status: string; in_progress: boolean; attempts: number }[];
}

it("every connection cut mid-batch, twice: the app and the worker stay up and every job of the batch succeeds", async () => {
  const created = await api("POST", "/api/batch/", { token, body: { name: "outage", job_runs: Array.from({ length: 24 }, () => ({ name: "visionfit-flagship-v0.1.0", is_preview: true, param_values: { image_width: 256, image_height: 256 } })) } });
  expect(created.status).toBe(201);
  const batchId = created.json.id as string;
  for (let i = 0; (await jobs(batchId)).filter((j) => j.status === "succeeded").length < 4; i++) {
    if (i > 600) throw new Error(`the worker never got going:\n${workerOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const round of [1, 2]) {
    const cut = await cutEveryConnection();
    console.log(`[outage] round ${round}: ${cut} connections cut`);
    expect(cut).toBeGreaterThan(0);
    // The app's own next query works on a fresh connection.
    const db = await getDb();
    await expect(db.execute(sql`select 1`)).resolves.toBeDefined();
    await new Promise((r) => setTimeout(r, 1_500));
  }
  let state = await jobs(batchId);
  for (let i = 0; state.some((j) => j.in_progress); i++) {
    if (i > 240) throw new Error(`the batch did not finish after the outage: ${JSON.stringify(state.map((j) => j.status))}\n${workerOutput.slice(-3000)}`);
    expect(worker.exitCode, `the worker died:\n${workerOutput.slice(-3000)}`).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    state = await jobs(batchId);
  }
  expect(state.map((j) => j.status)).toEqual(Array(24).fill("succeeded"));
  expect(worker.exitCode).toBeNull();
  expect(workerOutput).not.toMatch(/Unhandled 'error' event|uncaughtException/);
}, 240_000);
