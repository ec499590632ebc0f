"use client";
import { lazy, Suspense, type ReactNode } from "react";
import { batchApiBase, useBatchStatus } from "@/lib/swr/use-batch-status";

/**
 * The grid, its overlay drawing, the dialog and the video player are a chunk of their own,
 * fetched in the browser once the batch has a finished job to show. React's `lazy` rather than
 * next/dynamic: the shared report then carries no next/dynamic runtime, and the status that
 * opens the grid is only read in the browser, so the grid is never rendered on the server.
 */
const LazyGalleryGrid = lazy(() => import("./gallery-grid").then((m) => ({ default: m.GalleryGrid })));

/**
 * The only part of the gallery in a page's first load: it follows the batch's status (the
 * same SWR key as the live status, so no request of its own) and opens the grid when a job
 * has succeeded. Its words come rendered from the server, so they weigh nothing here.
 */
export function GalleryLoader({
  batchId,
  kind,
  apiBase = batchApiBase(batchId),
  waiting,
  empty,
  loading,
}: {
  batchId: string;
  kind: string;
  apiBase?: string;
  waiting: ReactNode;
  empty: ReactNode;
  loading: ReactNode;
}) {
  const { data: status } = useBatchStatus(batchId, undefined, apiBase);
  if (!status?.progress?.counts.succeeded) return status?.final ? empty : waiting;
  return (
    <Suspense fallback={loading}>
      <LazyGalleryGrid batchId={batchId} kind={kind} live={!status.final} apiBase={apiBase} />
    </Suspense>
  );
}
