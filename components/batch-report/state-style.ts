import type { JobState } from "@/lib/generation/batch-progress";

/** The same colour for a state everywhere in the portal. */
export const STATE_BAR: Record<JobState, string> = {
  succeeded: "bg-status-succeeded",
  failed: "bg-status-failed",
  canceled: "bg-status-canceled",
  running: "bg-status-running",
  queued: "bg-status-queued",
};

export const STATE_BADGE: Record<JobState, string> = {
  succeeded: "bg-status-succeeded/15 text-status-succeeded",
  failed: "bg-status-failed/15 text-status-failed",
  canceled: "bg-status-canceled/15 text-status-canceled",
  running: "bg-status-running/15 text-status-running",
  queued: "bg-status-queued/15 text-status-queued",
};

/** Finished states first, so the bar fills from the left as work completes. */
export const BAR_ORDER: JobState[] = ["succeeded", "failed", "canceled", "running", "queued"];

export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
