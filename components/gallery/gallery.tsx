"use client";
import dynamic from "next/dynamic";
import { useBatchStatus } from "@/lib/swr/use-batch-status";
import { Card } from "@/components/ui/card";

/**
 * The grid, its overlay drawing, the dialog and the video player are a chunk of their own,
 * fetched when the report first shows the gallery: they weigh nothing on the first load.
 */
const LazyGalleryGrid = dynamic(() => import("./gallery-grid").then((m) => m.GalleryGrid), {
  ssr: false,
  loading: () => (
    <p className="text-sm text-zinc-500" role="status">
      Loading gallery…
    </p>
  ),
});

/** The report's gallery: finished jobs' frames (or videos) with boxes, skeleton and mask from labels.json. */
export function Gallery({ batchId, kind }: { batchId: string; kind: string }) {
  const { data: status } = useBatchStatus(batchId);
  const succeeded = status?.progress?.counts.succeeded ?? 0;
  return (
    <Card className="space-y-3 p-4 sm:p-5" data-testid="gallery">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium">Gallery</h2>
        <p className="text-xs text-zinc-500">{kind === "video" ? "Open a video to play it with its labels." : "Click a frame for its parameters and seed."}</p>
      </div>
      {succeeded > 0 ? (
        <LazyGalleryGrid batchId={batchId} kind={kind} live={!status?.final} />
      ) : (
        <p className="py-4 text-center text-sm text-zinc-500">{status?.final ? "No job of this batch succeeded, so there is nothing to show." : "Frames appear here as jobs finish."}</p>
      )}
    </Card>
  );
}
