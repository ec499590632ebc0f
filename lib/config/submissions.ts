import "server-only";
import { z } from "zod";
import { ConfigError } from "./env";

const submissionsEnv = z.object({
  SUBMISSION_TIMEOUT_SECONDS: z.coerce
    .number({ error: "SUBMISSION_TIMEOUT_SECONDS must be a whole number of seconds" })
    .int({ error: "SUBMISSION_TIMEOUT_SECONDS must be a whole number of seconds" })
    .min(30, { error: "SUBMISSION_TIMEOUT_SECONDS must be at least 30: a healthy submission can take that long" })
    .max(3600, { error: "SUBMISSION_TIMEOUT_SECONDS must be at most 3600" })
    .default(180),
});

export interface SubmissionConfig {
  /**
   * How long a batch may stay `submitting` before it counts as interrupted (the process that
   * was sending it stopped). Longer than any live attempt: an attempt makes two calls to the
   * Generation API, each given up after 15 s and tried at most three times, so about 100 s.
   */
  timeoutMs: number;
  /** How often each portal process looks for interrupted submissions. */
  sweepEveryMs: number;
}

export function parseSubmissionConfig(source: Record<string, string | undefined>): SubmissionConfig {
  const parsed = submissionsEnv.safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const timeoutMs = parsed.data.SUBMISSION_TIMEOUT_SECONDS * 1000;
  return { timeoutMs, sweepEveryMs: Math.min(60_000, timeoutMs / 3) };
}

let cached: SubmissionConfig | undefined;

/** Parsed once (at start, by lib/startup.ts, so a bad value stops the server with its sentence). */
export function getSubmissionConfig(): SubmissionConfig {
  cached ??= parseSubmissionConfig(process.env);
  return cached;
}
