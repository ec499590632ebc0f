"use client";
import { useState } from "react";
import { JOB_STATES, type JobState } from "@/lib/generation/batch-progress";
import type { BatchJobsResponse } from "@/lib/api/batch-output";
import { useBatchJobs } from "@/lib/swr/use-batch-jobs";
import { batchApiBase, useBatchStatus } from "@/lib/swr/use-batch-status";
import { OffsetPager } from "@/components/ui/offset-pager";
import { Card } from "@/components/ui/card";
import { STATE_BADGE, formatDuration } from "./state-style";
import { LoadingRows } from "./loading-rows";

const PAGE = 50;

type Row = BatchJobsResponse["rows"][number];

function formatValue(value: Row["params"][string]): string {
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(3);
  return String(value);
}

function StateBadge({ row }: { row: Row }) {
  const state = row.status?.state;
  if (!state) return <span className="text-xs text-zinc-500">not submitted</span>;
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STATE_BADGE[state]}`}>{state}</span>;
}

/**
 * The batch's jobs, a page at a time from the server (so 10,000 jobs cost what 50 do), with the
 * parameters that vary in this batch as columns and every parameter one click away.
 */
export function JobTableView({ batchId, varying, apiBase = batchApiBase(batchId) }: { batchId: string; varying: string[]; apiBase?: string }) {
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<JobState | "">("");
  const [open, setOpen] = useState<number | null>(null);
  const { data: status } = useBatchStatus(batchId, undefined, apiBase);
  const { data, error, isLoading } = useBatchJobs(batchId, { offset, limit: PAGE, state: state || undefined }, !status?.final, apiBase);
  const total = data?.total ?? 0;
  const columns = varying.slice(0, 4);

  return (
    <Card className="p-4 sm:p-5" data-testid="job-table">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-medium">Jobs</h2>
        <label className="flex items-center gap-2 text-sm">
          <span className="text-zinc-500">State</span>
          <select
            className="rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
            value={state}
            onChange={(e) => (setState(e.target.value as JobState | ""), setOffset(0))}
            aria-label="Filter jobs by state"
          >
            <option value="">all</option>
            {JOB_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <p className="text-sm text-red-600">{(error as Error).message}</p> : null}
      {isLoading && !data ? <LoadingRows /> : null}
      {data ? (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="hidden text-xs text-zinc-500 sm:table-header-group">
                <tr>
                  <th className="py-1 pr-3 font-medium">#</th>
                  <th className="py-1 pr-3 font-medium">State</th>
                  {columns.map((c) => (
                    <th key={c} className="py-1 pr-3 font-mono font-medium">
                      {c}
                    </th>
                  ))}
                  <th className="py-1 pr-3 font-medium">Duration</th>
                  <th className="py-1 font-medium">Error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {data.rows.map((row) => (
                  <JobRow key={row.position} apiBase={apiBase} row={row} columns={columns} open={open === row.position} onToggle={() => setOpen(open === row.position ? null : row.position)} />
                ))}
              </tbody>
            </table>
          </div>
          {data.rows.length === 0 ? <p className="py-6 text-center text-sm text-zinc-500">No jobs {state ? `in state ${state}` : ""}.</p> : null}
          <div className="mt-3">
            <OffsetPager offset={offset} pageSize={PAGE} total={total} onOffsetChange={setOffset} previousLabel="Previous page" nextLabel="Next page" testId="job-range" />
          </div>
        </>
      ) : null}
    </Card>
  );
}

function JobRow({ apiBase, row, columns, open, onToggle }: { apiBase: string; row: Row; columns: string[]; open: boolean; onToggle: () => void }) {
  const duration = row.status?.durationMs != null ? formatDuration(row.status.durationMs / 1000) : "—";
  return (
    <>
      <tr className="cursor-pointer align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/50" onClick={onToggle} data-testid="job-row" aria-expanded={open}>
        <td className="tabular py-2 pr-3 text-zinc-500">{row.position + 1}</td>
        <td className="py-2 pr-3">
          <StateBadge row={row} />
        </td>
        {columns.map((c) => (
          <td key={c} className="tabular hidden py-2 pr-3 sm:table-cell">
            {formatValue(row.params[c] ?? null)}
          </td>
        ))}
        <td className="tabular py-2 pr-3 text-zinc-500">{duration}</td>
        <td className="max-w-56 truncate py-2 text-xs text-red-600 dark:text-red-400" title={row.status?.error ?? undefined}>
          {row.status?.error ?? ""}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={columns.length + 4} className="bg-zinc-50 p-3 dark:bg-zinc-800/40">
            <dl className="grid grid-cols-1 gap-x-6 gap-y-1 font-mono text-xs sm:grid-cols-2 lg:grid-cols-3">
              {Object.entries(row.params).map(([k, v]) => (
                <div key={k} className="flex justify-between gap-3">
                  <dt className="text-zinc-500">{k}</dt>
                  <dd className="truncate">{formatValue(v)}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-2 flex gap-4 text-xs text-zinc-500">
              {row.status?.attempts ? <span>Attempts: {row.status.attempts}</span> : null}
              {row.status?.state === "succeeded" ? (
                <a className="text-accent hover:underline" href={`${apiBase}/jobs/${row.position + 1}/download`} download>
                  Download this job (.zip)
                </a>
              ) : null}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}
