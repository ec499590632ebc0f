import "server-only";
import { z } from "zod";

const MIB = 1024 * 1024;

const count = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

const downloadsEnv = z.object({
  RESULT_ZIP_MAX_MIB: count("RESULT_ZIP_MAX_MIB", 1, 1024 * 1024).default(2048),
  DOWNLOAD_MAX_MIB: count("DOWNLOAD_MAX_MIB", 1, 1024 * 1024 * 1024).default(64 * 1024),
  HEAVY_DOWNLOADS_PER_PROCESS: count("HEAVY_DOWNLOADS_PER_PROCESS", 1, 256).default(4),
  HEAVY_DOWNLOADS_PER_VISITOR: count("HEAVY_DOWNLOADS_PER_VISITOR", 1, 256).default(2),
  HEAVY_DOWNLOAD_QUEUE_SECONDS: count("HEAVY_DOWNLOAD_QUEUE_SECONDS", 0, 600).default(10),
});

/** Limits on the work a download may make the server do (README: Environment). */
export interface DownloadConfig {
  /** One job's zip from a remote Generation API: bytes received, and content its entries declare. */
  resultZipMaxBytes: number;
  /** Everything read from the Generation API for one download (a batch zip, the merged COCO file). */
  downloadMaxBytes: number;
  /** Heavy downloads (zips, merged COCO, a remote upstream's gallery files) prepared at once by this process. */
  perProcess: number;
  /** …of which one share link, or one signed-in person, may hold. */
  perVisitor: number;
  /** How long a request waits for a free slot before it is answered 429 or 503. */
  queueMs: number;
}

let cached: DownloadConfig | undefined;

export function getDownloadConfig(): DownloadConfig {
  if (cached) return cached;
  const parsed = downloadsEnv.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid download limits: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const env = parsed.data;
  cached = {
    resultZipMaxBytes: env.RESULT_ZIP_MAX_MIB * MIB,
    downloadMaxBytes: env.DOWNLOAD_MAX_MIB * MIB,
    perProcess: env.HEAVY_DOWNLOADS_PER_PROCESS,
    perVisitor: Math.min(env.HEAVY_DOWNLOADS_PER_VISITOR, env.HEAVY_DOWNLOADS_PER_PROCESS),
    queueMs: env.HEAVY_DOWNLOAD_QUEUE_SECONDS * 1000,
  };
  return cached;
}

/** Tests change the environment between cases. */
export function resetDownloadConfig(): void {
  cached = undefined;
}
