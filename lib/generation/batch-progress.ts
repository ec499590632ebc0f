import type { BatchSummary } from "./contract";

export const JOB_STATES = ["queued", "running", "succeeded", "failed", "canceled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobStatus {
  upstreamId: string;
  state: JobState;
  error: string | null;
  attempts: number | null;
  framesDone: number | null;
  framesTotal: number | null;
  durationMs: number | null;
  resultUrl: string | null;
}

export interface BatchProgress {
  total: number;
  counts: Record<JobState, number>;
  /** Every job finished (succeeded, failed or canceled): polling can stop. */
  done: boolean;
  /** 0..1, frames where the API reports them, else finished jobs. */
  fraction: number;
  /** Seconds left at the pace so far; null until a job has finished or when done. */
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

type SummaryJob = BatchSummary["job_runs"][number];

/** A job's state from the contract's minimal fields when the API sends no `status`. */
export function jobState(job: SummaryJob): JobState {
  if (job.status) return job.status;
  if (job.in_progress) return "running";
  return job.result_url ? "succeeded" : "failed";
}

export function jobStatus(job: SummaryJob): JobStatus {
  const started = job.started ? Date.parse(job.started) : Number.NaN;
  const finished = job.finished ? Date.parse(job.finished) : Number.NaN;
  return {
    upstreamId: job.id,
    state: jobState(job),
    error: job.error ?? null,
    attempts: job.attempts ?? null,
    framesDone: job.progress?.frames_done ?? null,
    framesTotal: job.progress?.frames_total ?? null,
    durationMs: Number.isFinite(started) && Number.isFinite(finished) ? finished - started : null,
    resultUrl: job.result_url,
  };
}

const FINISHED: ReadonlySet<JobState> = new Set(["succeeded", "failed", "canceled"]);

export function isFinished(state: JobState): boolean {
  return FINISHED.has(state);
}

/** Counts per state, completion and an estimate of the time left, from a batch summary. */
export function batchProgress(summary: BatchSummary, now = Date.now()): BatchProgress {
  const counts: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, canceled: 0 };
  let framesDone = 0;
  let framesTotal = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastFinish = Number.NEGATIVE_INFINITY;
  for (const job of summary.job_runs) {
    const state = jobState(job);
    counts[state] += 1;
    if (job.progress && job.progress.frames_total > 0) {
      framesTotal += job.progress.frames_total;
      framesDone += isFinished(state) ? job.progress.frames_total : job.progress.frames_done;
    }
    if (job.started) firstStart = Math.min(firstStart, Date.parse(job.started));
    if (job.finished) lastFinish = Math.max(lastFinish, Date.parse(job.finished));
  }
  const total = summary.job_runs.length;
  const finished = counts.succeeded + counts.failed + counts.canceled;
  const done = total > 0 && finished === total;
  const fraction = total === 0 ? 0 : done ? 1 : framesTotal > 0 ? framesDone / framesTotal : finished / total;
  let etaSeconds: number | null = null;
  if (!done && fraction > 0 && Number.isFinite(firstStart)) {
    const elapsed = Math.max(0, now - firstStart) / 1000;
    etaSeconds = Math.round((elapsed / fraction) * (1 - fraction));
  }
  return {
    total,
    counts,
    done,
    fraction,
    etaSeconds,
    startedAt: Number.isFinite(firstStart) ? new Date(firstStart).toISOString() : null,
    finishedAt: done && Number.isFinite(lastFinish) ? new Date(lastFinish).toISOString() : null,
  };
}
