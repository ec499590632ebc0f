import "server-only";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { getConfig } from "@/lib/config/env";

const engineEnv = z.object({
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1, { error: "ENGINE_CONCURRENCY must be at least 1" }).max(64).optional(),
  ENGINE_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(5, { error: "ENGINE_JOB_TIMEOUT_SECONDS must be at least 5" }).default(900),
  ENGINE_RUNNER: z.enum(["on", "off"], { error: "ENGINE_RUNNER must be on or off" }).optional(),
  ENGINE_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).default(5),
});

export interface EngineConfig {
  concurrency: number;
  jobTimeoutSeconds: number;
  retryDelaySeconds: number;
  /** Whether this app process consumes the queue (default: only in embedded mode). */
  runInApp: boolean;
  blobsDir: string;
  tmpDir: string;
}

let cached: EngineConfig | undefined;

export function getEngineConfig(): EngineConfig {
  if (cached) return cached;
  const parsed = engineEnv.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid engine environment: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const env = parsed.data;
  const portal = getConfig();
  cached = {
    concurrency: env.ENGINE_CONCURRENCY ?? os.availableParallelism(),
    jobTimeoutSeconds: env.ENGINE_JOB_TIMEOUT_SECONDS,
    retryDelaySeconds: env.ENGINE_RETRY_DELAY_SECONDS,
    runInApp: env.ENGINE_RUNNER ? env.ENGINE_RUNNER === "on" : portal.embedded,
    blobsDir: path.resolve(portal.dataDir, "blobs"),
    tmpDir: path.resolve(portal.dataDir, "tmp"),
  };
  return cached;
}

/** Attempts per job: the first run plus two retries. */
export const MAX_ATTEMPTS = 3;
