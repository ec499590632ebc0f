import "server-only";
import { z } from "zod";
import { ConfigError, outboundConfig } from "./env";

const MIB = 1024 * 1024;

const count = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

const downloadsEnv = z.object({
  DOWNLOAD_MAX_MIB: count("DOWNLOAD_MAX_MIB", 1, 1024 * 1024 * 1024).default(64 * 1024),
  HEAVY_DOWNLOADS_PER_PROCESS: count("HEAVY_DOWNLOADS_PER_PROCESS", 1, 256).default(4),
  HEAVY_DOWNLOADS_PER_VISITOR: count("HEAVY_DOWNLOADS_PER_VISITOR", 1, 256).default(2),
  HEAVY_DOWNLOAD_QUEUE_SECONDS: count("HEAVY_DOWNLOAD_QUEUE_SECONDS", 0, 600).default(10),
});

/** Limits on the work a download may make the server do (README: Environment). */
export interface DownloadConfig {
  /** Everything read from the Generation API for one download (a batch zip, the merged COCO file). */
  downloadMaxBytes: number;
  /** Heavy downloads (zips, merged COCO, a remote upstream's gallery files) prepared at once by this process. */
  perProcess: number;
  /** …of which one share link, or one signed-in person, may hold. */
  perVisitor: number;
  /** How long a request waits for a free slot before it is answered 429 or 503. */
  queueMs: number;
}

/** The limits from `source` (the environment); a bad value is a ConfigError naming the variable and what to set. */
export function parseDownloadConfig(source: Record<string, string | undefined>): DownloadConfig {
  const parsed = downloadsEnv.safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const env = parsed.data;
  return {
    downloadMaxBytes: env.DOWNLOAD_MAX_MIB * MIB,
    perProcess: env.HEAVY_DOWNLOADS_PER_PROCESS,
    perVisitor: Math.min(env.HEAVY_DOWNLOADS_PER_VISITOR, env.HEAVY_DOWNLOADS_PER_PROCESS),
    queueMs: env.HEAVY_DOWNLOAD_QUEUE_SECONDS * 1000,
  };
}

let cached: DownloadConfig | undefined;

/**
 * One job's zip from a remote Generation API, in bytes received and in content its entries
 * declare: the outbound guard's RESULT_MAX_BYTES, so a result has one limit, not two.
 */
export function resultZipMaxBytes(): number {
  return outboundConfig().resultMaxBytes;
}

/** Parsed once (at start, by lib/startup.ts, so a bad value stops the server with its sentence). */
export function getDownloadConfig(): DownloadConfig {
  cached ??= parseDownloadConfig(process.env);
  return cached;
}
