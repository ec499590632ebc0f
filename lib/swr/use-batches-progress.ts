"use client";
import useSWR from "swr";
import type { BatchesProgressResponse } from "@/lib/api/batch-output";
import { jsonFetcher } from "./fetcher";
import { STATUS_POLL_MS } from "./use-batch-status";

/** Progress of the batches on one list page, polled while any of them can still change. */
export function useBatchesProgress(ids: string[]) {
  return useSWR<BatchesProgressResponse>(ids.length ? `/api/portal/batches/progress?ids=${ids.join(",")}` : null, jsonFetcher, {
    refreshInterval: (latest) => (latest && Object.values(latest).every((s) => s.final) ? 0 : STATUS_POLL_MS),
    keepPreviousData: true,
  });
}
