/**
 * `npm run worker`: a standalone render worker for the built-in engine. It consumes the same
 * pg-boss queue as the app, so several machines can share the rendering of one Postgres.
 */
import { closeDb } from "@/db";
import { getConfig } from "@/lib/config/env";

async function main() {
  const config = getConfig();
  if (config.embedded) {
    console.error("npm run worker needs a shared Postgres: set DATABASE_URL=postgres://… (PGlite lives inside the app process, which runs its own runner).");
    process.exit(1);
  }
  process.env.ENGINE_RUNNER = "on";
  const { startRunner } = await import("@/lib/engine/runner");
  const { stopQueue } = await import("@/lib/engine/queue");
  const { closeRenderPool } = await import("@/lib/engine/render-pool");
  await startRunner();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing running jobs, then stopping`);
    await stopQueue();
    await closeRenderPool();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[worker] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
