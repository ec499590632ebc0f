"use client";
import useSWR from "swr";
import type { BatchStatusResponse } from "@/lib/api/batch-output";
import { jsonFetcher } from "./fetcher";

export const STATUS_POLL_MS = 3_000;

/** Where a batch's JSON lives for a member; a shared report passes its own (`/api/share/<token>`). */
export const batchApiBase = (batchId: string) => `/api/portal/batches/${batchId}`;

/**
 * A batch's live status: polled while anything can still change, not at all once it is
 * final; revalidated on focus and reconnect (SWR's defaults, kept on purpose).
 */
export function useBatchStatus(batchId: string, fallbackData?: BatchStatusResponse, apiBase = batchApiBase(batchId)) {
  return useSWR<BatchStatusResponse>(`${apiBase}/status`, jsonFetcher, {
    fallbackData,
    refreshInterval: (latest) => (latest?.final ? 0 : STATUS_POLL_MS),
    revalidateOnFocus: true,
    revalidateOnReconnect: true,
    keepPreviousData: true,
  });
}
