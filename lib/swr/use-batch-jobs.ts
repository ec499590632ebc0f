"use client";
import { useEffect, useRef } from "react";
import useSWR from "swr";
import type { BatchJobsResponse } from "@/lib/api/batch-output";
import type { JobState } from "@/lib/generation/batch-progress";
import { jsonFetcher } from "./fetcher";
import { STATUS_POLL_MS, batchApiBase } from "./use-batch-status";

/**
 * One page of the job table (or the gallery); it refreshes with the status while the batch
 * runs, and once more when the status turns final, so the last jobs to finish are not missed
 * between two polls.
 */
export function useBatchJobs(batchId: string, query: { offset: number; limit: number; state?: JobState }, live: boolean, apiBase = batchApiBase(batchId)) {
  const search = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.state) search.set("state", query.state);
  const result = useSWR<BatchJobsResponse>(`${apiBase}/jobs?${search}`, jsonFetcher, {
    refreshInterval: live ? STATUS_POLL_MS : 0,
    keepPreviousData: true,
  });
  const wasLive = useRef(live);
  const { mutate } = result;
  useEffect(() => {
    if (wasLive.current && !live) void mutate();
    wasLive.current = live;
  }, [live, mutate]);
  return result;
}
