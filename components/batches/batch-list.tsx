"use client";
import Link from "next/link";
import { useBatchesProgress } from "@/lib/swr/use-batches-progress";
import { RelativeTime } from "@/components/ui/relative-time";
import { ProgressBar } from "@/components/batch-report/progress-bar";
import { RetrySubmissionButton } from "./retry-submission-button";
import { SubmissionBadge } from "./submission-badge";

export interface BatchListRow {
  id: string;
  name: string;
  generator: string;
  kind: "preview" | "video";
  jobCount: number;
  submission: "submitting" | "submitted" | "failed_to_submit";
  failureReason: string | null;
  createdAt: Date;
  submittedBy: string;
}

/** One card per batch, a whole-row link to its report, with live progress from one request. */
export function BatchList({ rows, canSubmit, retryIcon }: { rows: BatchListRow[]; canSubmit: boolean; retryIcon: React.ReactNode }) {
  const { data: progress, mutate } = useBatchesProgress(rows.map((r) => r.id));
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="batch-list">
      {rows.map((b) => {
        const live = progress?.[b.id]?.progress;
        const finished = live ? live.counts.succeeded + live.counts.failed + live.counts.canceled : 0;
        return (
          <li key={b.id} className="relative flex flex-col gap-2 p-4 hover:bg-zinc-50 sm:flex-row sm:items-center sm:gap-4 dark:hover:bg-zinc-800/40" data-testid="batch-row" data-name={b.name}>
            <div className="min-w-0 flex-1">
              <Link href={`/batches/${b.id}`} className="block truncate text-sm font-medium after:absolute after:inset-0">
                {b.name}
              </Link>
              <p className="truncate text-xs text-zinc-500">
                {b.generator} · {b.kind === "preview" ? "previews" : "videos"} · <span className="tabular">{b.jobCount.toLocaleString("en")}</span> jobs
              </p>
              {b.failureReason ? (
                <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="failure-reason">
                  {b.failureReason}
                </p>
              ) : null}
            </div>
            <div className="w-full sm:w-56" data-testid="batch-progress">
              {live ? (
                <>
                  <ProgressBar counts={live.counts} total={live.total} />
                  <p className="mt-1 flex justify-between text-xs text-zinc-500">
                    <span className="tabular">
                      {finished.toLocaleString("en")} / {live.total.toLocaleString("en")} done
                    </span>
                    {live.counts.failed ? <span className="tabular text-status-failed">{live.counts.failed} failed</span> : null}
                  </p>
                </>
              ) : (
                <SubmissionBadge submission={b.submission} />
              )}
            </div>
            <div className="text-xs text-zinc-500 sm:w-40 sm:text-right">
              {b.submittedBy} · <RelativeTime date={b.createdAt} />
            </div>
            {b.submission === "failed_to_submit" && canSubmit ? (
              <div className="relative z-10">
                <RetrySubmissionButton batchId={b.id} icon={retryIcon} onSettled={() => void mutate()} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
