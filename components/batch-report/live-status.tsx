"use client";
import type { BatchStatusResponse } from "@/lib/api/batch-output";
import { useBatchStatus } from "@/lib/swr/use-batch-status";
import { Card } from "@/components/ui/card";
import { SubmissionBadge } from "@/components/batches/submission-badge";
import { ProgressBar } from "./progress-bar";
import { BAR_ORDER, STATE_BAR, formatDuration } from "./state-style";

/**
 * Counts, progress and time left, refreshed every few seconds until every job has finished.
 * `spinner` comes rendered from the (server) page, so no icon code ships to the browser.
 */
export function LiveStatus({ batchId, initial, apiBase, spinner }: { batchId: string; initial: BatchStatusResponse; apiBase?: string; spinner: React.ReactNode }) {
  const { data = initial, error, isValidating } = useBatchStatus(batchId, initial, apiBase);
  const progress = data.progress;
  return (
    <Card className="space-y-3 p-4 sm:p-5" data-testid="live-status" data-final={data.final ? "true" : "false"} aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <h2 className="font-medium">Status</h2>
          {data.submission !== "submitted" ? <SubmissionBadge submission={data.submission} /> : null}
        </div>
        <p className="flex items-center gap-1 text-xs text-zinc-500" data-testid="polling" data-polling={data.final ? "off" : "on"}>
          {data.final ? (
            "Final — no longer updating"
          ) : (
            <>
              <span className={`inline-flex size-3 ${isValidating ? "animate-spin" : ""}`}>{spinner}</span> Updating every few seconds
            </>
          )}
        </p>
      </div>
      {data.failureReason ? <p className="text-sm text-red-600 dark:text-red-400">{data.failureReason}</p> : null}
      {data.upstreamProblem || error ? (
        <p className="text-sm text-amber-700 dark:text-amber-400" role="status">
          Could not read the status from the Generation API: {data.upstreamProblem ?? (error as Error).message}. Trying again.
        </p>
      ) : null}
      {progress ? (
        <>
          <ProgressBar counts={progress.counts} total={progress.total} className="h-3" />
          <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-2">
            <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="state-counts">
              {BAR_ORDER.map((state) => (
                <div key={state} className="flex items-center gap-1.5" data-state={state} data-count={progress.counts[state]}>
                  <span aria-hidden className={`size-2 shrink-0 rounded-full ${STATE_BAR[state]}`} />
                  <dt className="text-zinc-500">{state}</dt>
                  <dd className="tabular font-medium">{progress.counts[state].toLocaleString("en")}</dd>
                </div>
              ))}
            </dl>
            <p className="text-sm text-zinc-500">
              <span className="tabular font-medium text-zinc-900 dark:text-zinc-100" data-testid="percent">
                {Math.floor(progress.fraction * 100)}%
              </span>{" "}
              of <span className="tabular">{progress.total.toLocaleString("en")}</span> jobs
              {progress.etaSeconds !== null ? <> · about {formatDuration(progress.etaSeconds)} left</> : null}
              {progress.startedAt && progress.finishedAt ? (
                <span data-testid="duration"> · took {formatDuration((Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000)}</span>
              ) : null}
            </p>
          </div>
        </>
      ) : data.submission === "submitting" ? (
        <p className="text-sm text-zinc-500">
          Sending the batch to the Generation API… If the portal is interrupted on the way, the batch is marked “failed to submit” within a few minutes and can be sent
          again from here.
        </p>
      ) : null}
    </Card>
  );
}
