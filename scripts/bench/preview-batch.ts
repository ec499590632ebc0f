/**
 * End-to-end bench: a 100-job preview batch through the built-in engine as the API serves it
 * (validate, one transaction, pg-boss, runner, render pool, publish), on an in-memory PGlite.
 *   npx tsx --conditions=react-server scripts/bench/preview-batch.ts
 * Prints figures only; no assertions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const JOBS = 100;
const dataDir = mkdtempSync(path.join(tmpdir(), "bench-batch-"));
process.env.DATABASE_DRIVER = "pglite";
process.env.PGLITE_DATA_DIR = "memory://";
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

async function main() {
  const { registerUser } = await import("@/lib/portal/accounts");
  const { loadActingMember } = await import("@/lib/portal/member");
  const { createApiToken } = await import("@/lib/portal/api-tokens");
  const { handleGenerationApi } = await import("@/lib/engine/api/router");
  const { startRunner } = await import("@/lib/engine/runner");
  const { stopQueue } = await import("@/lib/engine/queue");
  const { closeRenderPool } = await import("@/lib/engine/render-pool");
  const { closeDb } = await import("@/db");
  const { getEngineConfig } = await import("@/lib/engine/config");

  const user = await registerUser({ name: "Bench", email: "bench@example.com", password: "bench-password" });
  const { token } = await createApiToken((await loadActingMember(user.id))!, "bench");
  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await handleGenerationApi(
      new Request(`http://localhost${pathname}`, { method, headers: { authorization: `Token ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
    );
    return response.json();
  };
  await startRunner();

  const exercises = ["SQUAT", "PUSHUP", "BURPEE", "LUNGE-LEFT", "JUMPING_JACKS"];
  const jobs = Array.from({ length: JOBS }, (_, i) => ({ name: "visionfit-flagship-v0.1.0", is_preview: true, param_values: { exercise: exercises[i % exercises.length], image_width: 256, image_height: 256 } }));
  const t0 = performance.now();
  const batch = await call("POST", "/api/batch/", { name: "bench", job_runs: jobs });
  const submitted = performance.now();
  let summary: { job_runs: { in_progress: boolean; status: string }[] };
  do {
    await new Promise((r) => setTimeout(r, 100));
    summary = await call("GET", `/api/batch/${batch.id}/summary/`);
  } while (summary.job_runs.some((j) => j.in_progress));
  const finished = performance.now();
  const ok = summary.job_runs.filter((j) => j.status === "succeeded").length;

  console.log(`preview batch of ${JOBS} jobs at 256×256, ${getEngineConfig().concurrency} render threads`);
  console.log(`  submit (validate + write + enqueue): ${(submitted - t0).toFixed(0)} ms`);
  console.log(`  submit → all finished:               ${((finished - submitted) / 1000).toFixed(2)} s`);
  console.log(`  throughput:                          ${(JOBS / ((finished - t0) / 1000)).toFixed(1)} jobs/s end to end, ${ok}/${JOBS} succeeded`);

  await stopQueue();
  await closeRenderPool();
  await closeDb();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
