"use client";
import { useRef, useState } from "react";
import { Play } from "@/components/ui/icons";
import type { BatchJobsResponse } from "@/lib/api/batch-output";
import { useBatchJobs } from "@/lib/swr/use-batch-jobs";
import { OffsetPager } from "@/components/ui/offset-pager";
import { FrameDialog } from "./frame-dialog";
import { LayerToggles } from "./layer-toggles";
import { OverlayCanvas } from "./overlay-canvas";
import type { Layers } from "./overlay";
import { mediaUrl, useLabels } from "./use-labels";
import { useNearViewport } from "./use-near-viewport";

const PAGE = 24;

type Row = BatchJobsResponse["rows"][number];

/**
 * The finished jobs' frames, a page at a time, with their labels drawn on top. Each thumbnail
 * fetches its frame and labels.json only when it scrolls near the viewport (lazy image, and
 * SWR keyed per job), and both are cached for good by the browser.
 */
export function GalleryGrid({ batchId, kind, live, apiBase }: { batchId: string; kind: string; live: boolean; apiBase: string }) {
  const [offset, setOffset] = useState(0);
  const [layers, setLayers] = useState<Layers>({ boxes: true, skeleton: true, mask: false });
  const [selected, setSelected] = useState<number | null>(null);
  const { data, error, isLoading } = useBatchJobs(batchId, { offset, limit: PAGE, state: "succeeded" }, live, apiBase);
  const rows = data?.rows ?? [];
  const total = data?.total ?? 0;
  const index = selected === null ? -1 : rows.findIndex((r) => r.position === selected);
  const current = index >= 0 ? rows[index]! : null;

  return (
    <div className="space-y-3">
      <LayerToggles layers={layers} onChange={setLayers} />
      {error ? <p className="text-sm text-red-600">{(error as Error).message}</p> : null}
      {isLoading && !data ? <div className="h-40 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" /> : null}
      {data && rows.length === 0 ? <p className="py-6 text-center text-sm text-zinc-500">No job has finished yet; frames appear here as jobs succeed.</p> : null}
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 sm:gap-3 lg:grid-cols-4 xl:grid-cols-6" data-testid="gallery-grid">
        {rows.map((row) => (
          <li key={row.position}>
            <Thumbnail apiBase={apiBase} kind={kind} row={row} layers={layers} onOpen={() => setSelected(row.position)} />
          </li>
        ))}
      </ul>
      {total > PAGE ? (
        <OffsetPager offset={offset} pageSize={PAGE} total={total} onOffsetChange={setOffset} noun="finished" previousLabel="Previous frames" nextLabel="Next frames" testId="gallery-range" />
      ) : null}
      <FrameDialog
        apiBase={apiBase}
        kind={kind}
        row={current}
        layers={layers}
        onLayers={setLayers}
        onClose={() => setSelected(null)}
        onStep={rows.length > 1 ? (delta) => setSelected(rows[(index + delta + rows.length) % rows.length]!.position) : null}
      />
    </div>
  );
}

function Thumbnail({ apiBase, kind, row, layers, onOpen }: { apiBase: string; kind: string; row: Row; layers: Layers; onOpen: () => void }) {
  const number = row.position + 1;
  const ref = useRef<HTMLButtonElement>(null);
  const near = useNearViewport(ref);
  const { data: labels } = useLabels(apiBase, number, kind === "video" ? 0 : undefined, near);
  const [failed, setFailed] = useState(false);
  const exercise = typeof row.params.exercise === "string" ? row.params.exercise : null;
  return (
    <button
      ref={ref}
      type="button"
      onClick={onOpen}
      className="group block w-full overflow-hidden rounded-md border border-zinc-200 text-left hover:border-zinc-400 focus-visible:outline-2 focus-visible:outline-offset-2 dark:border-zinc-800 dark:hover:border-zinc-600"
      data-testid="gallery-frame"
      aria-label={`Job ${number}${exercise ? `, ${exercise}` : ""}: show large with parameters`}
    >
      <div className="relative aspect-square bg-zinc-950">
        {/* eslint-disable-next-line @next/next/no-img-element -- an API file for members or a share link; next/image would proxy it for nothing */}
        <img src={mediaUrl(apiBase, number, "video_preview.png")} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} className="absolute inset-0 size-full object-contain" />
        {failed ? <span className="absolute inset-0 flex items-center justify-center p-2 text-center text-xs text-zinc-400">Frame unavailable</span> : null}
        <OverlayCanvas labels={labels} imageIndex={0} layers={layers} />
        {kind === "video" ? (
          <span className="absolute right-1 bottom-1 rounded-full bg-black/60 p-1 text-white">
            <Play aria-hidden className="size-3.5" />
          </span>
        ) : null}
      </div>
      <p className="flex items-baseline justify-between gap-2 px-2 py-1 text-xs">
        <span className="tabular text-zinc-500">#{number}</span>
        {exercise ? <span className="truncate font-mono">{exercise}</span> : null}
      </p>
    </button>
  );
}
