"use client";
import { lazy, Suspense } from "react";
import { batchApiBase, useBatchStatus } from "@/lib/swr/use-batch-status";
import { Card } from "@/components/ui/card";

/**
 * The grid, its overlay drawing, the dialog and the video player are a chunk of their own,
 * fetched in the browser once the batch has a finished job to show: they weigh nothing on the
 * first load. React's `lazy` rather than next/dynamic: the shared report carries no
 * next/dynamic runtime of its own, and the status that opens the grid is only read in the
 * browser, so the grid is never rendered on the server.
 */
const LazyGalleryGrid = lazy(() => import("./gallery-grid").then((m) => ({ default: m.GalleryGrid })));

/**
 * The report's gallery: finished jobs' frames (or videos) with boxes, skeleton and mask from
 * labels.json. `apiBase` is where the report's JSON and files are read: a member's by default,
 * a share link's (`/api/share/<token>`) on the shared page.
 */
export function Gallery({ batchId, kind, apiBase = batchApiBase(batchId) }: { batchId: string; kind: string; apiBase?: string }) {
  const { data: status } = useBatchStatus(batchId, undefined, apiBase);
  const succeeded = status?.progress?.counts.succeeded ?? 0;
  return (
    <Card className="space-y-3 p-4 sm:p-5" data-testid="gallery">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Gallery</h2>
        <p className="text-xs text-zinc-500">{kind === "video" ? "Open a video to play it with its labels." : "Click a frame for its parameters and seed."}</p>
      </div>
      {succeeded > 0 ? (
        <Suspense
          fallback={
            <p className="text-sm text-zinc-500" role="status">
              Loading gallery…
            </p>
          }
        >
          <LazyGalleryGrid batchId={batchId} kind={kind} live={!status?.final} apiBase={apiBase} />
        </Suspense>
      ) : (
        <p className="py-4 text-center text-sm text-zinc-500">{status?.final ? "No job of this batch succeeded, so there is nothing to show." : "Frames appear here as jobs finish."}</p>
      )}
    </Card>
  );
}
