import type { BatchStatusView } from "@/lib/portal/batch-report";

/** One line for a link preview: what the batch is and how far it got. */
export function shareSummary(batch: { generator: string; jobCount: number; kind: "preview" | "video" }, status: BatchStatusView): string {
  const what = `${batch.jobCount.toLocaleString("en")} ${batch.kind === "preview" ? "preview" : "video"} job${batch.jobCount === 1 ? "" : "s"} of ${batch.generator}`;
  if (status.submission === "failed_to_submit") return `${what} · could not be submitted`;
  if (!status.progress) return `${what} · ${status.submission === "submitting" ? "being submitted" : "status unavailable"}`;
  const { counts, fraction } = status.progress;
  const parts = [`${Math.floor(fraction * 100)}% done`, `${counts.succeeded} succeeded`];
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.canceled) parts.push(`${counts.canceled} canceled`);
  if (counts.running) parts.push(`${counts.running} running`);
  if (counts.queued) parts.push(`${counts.queued} queued`);
  return `${what} · ${parts.join(", ")}`;
}

/** People outside the team see a first name at most, never an e-mail. */
export function firstName(name: string | null): string | null {
  return name?.trim().split(/\s+/)[0] || null;
}
