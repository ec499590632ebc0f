"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { ChevronLeft, ChevronRight, Download, X } from "@/components/ui/icons";
import type { BatchJobsResponse } from "@/lib/api/batch-output";
import { Button } from "@/components/ui/button";
import { LayerToggles } from "./layer-toggles";
import { OverlayCanvas } from "./overlay-canvas";
import type { Layers } from "./overlay";
import { mediaUrl, useLabels } from "./use-labels";
import { VideoFrame } from "./video-frame";

type Row = BatchJobsResponse["rows"][number];

function formatValue(value: Row["params"][string]): string {
  if (value === null) return "none";
  if (typeof value === "number" && !Number.isInteger(value)) return String(Number(value.toFixed(4)));
  return String(value);
}

/**
 * One job large: its frame (or video) with the overlays, and the parameters it was rendered
 * with. `state` is the render seed: with the same parameters it renders the same pixels again.
 */
export function FrameDialog({
  apiBase,
  kind,
  row,
  layers,
  onLayers,
  onClose,
  onStep,
}: {
  apiBase: string;
  kind: string;
  row: Row | null;
  layers: Layers;
  onLayers: (layers: Layers) => void;
  onClose: () => void;
  onStep: ((delta: -1 | 1) => void) | null;
}) {
  return (
    <Dialog.Root open={row !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content
          className="fixed top-1/2 left-1/2 z-50 max-h-[92dvh] w-[calc(100vw-1.5rem)] max-w-4xl -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-zinc-200 bg-white p-4 shadow-xl focus:outline-none sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
          data-testid="frame-dialog"
          onKeyDown={(e) => {
            // Arrows seek a focused video and move through checkboxes; elsewhere they step jobs.
            if (!onStep || (e.target as HTMLElement).closest("video, input")) return;
            if (e.key === "ArrowLeft") onStep(-1);
            if (e.key === "ArrowRight") onStep(1);
          }}
        >
          {row ? <DialogBody apiBase={apiBase} kind={kind} row={row} layers={layers} onLayers={onLayers} onStep={onStep} /> : null}
          <Dialog.Close asChild>
            <button type="button" className="absolute top-3 right-3 rounded p-1 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close">
              <X aria-hidden className="size-5" />
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DialogBody({ apiBase, kind, row, layers, onLayers, onStep }: { apiBase: string; kind: string; row: Row; layers: Layers; onLayers: (layers: Layers) => void; onStep: ((delta: -1 | 1) => void) | null }) {
  const number = row.position + 1;
  const { data: labels, error } = useLabels(apiBase, number);
  const seed = row.params.state;
  const params = Object.entries(row.params).filter(([name]) => name !== "state");
  // The frame's own shape, so a wide or tall image is not letterboxed into a fixed box.
  const image = labels?.images[0];
  const width = typeof row.params.image_width === "number" ? row.params.image_width : (image?.width ?? 1);
  const height = typeof row.params.image_height === "number" ? row.params.image_height : (image?.height ?? 1);
  const aspectRatio = `${width} / ${height}`;
  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-2 pr-8">
        <Dialog.Title className="font-medium">Job {number.toLocaleString("en")}</Dialog.Title>
        <LayerToggles layers={layers} onChange={onLayers} />
      </div>
      <Dialog.Description className="sr-only">The job&apos;s frame with its labels, and the parameters and seed it was rendered with.</Dialog.Description>
      <div className="grid gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-2">
          <div className="relative mx-auto max-h-[60dvh] w-full bg-black" style={{ aspectRatio, maxWidth: `calc(60dvh * ${width} / ${height})` }}>
            {kind === "video" ? (
              <VideoFrame key={number} src={mediaUrl(apiBase, number, "video.mp4")} poster={mediaUrl(apiBase, number, "video_preview.png")} labels={labels} layers={layers} />
            ) : (
              <>
                {/* eslint-disable-next-line @next/next/no-img-element -- an API file for members or a share link; next/image would proxy it for nothing */}
                <img src={mediaUrl(apiBase, number, "video_preview.png")} alt={`Frame of job ${number}`} className="absolute inset-0 size-full object-contain" data-testid="dialog-frame" />
                <OverlayCanvas labels={labels} imageIndex={0} layers={layers} />
              </>
            )}
          </div>
          {error ? <p className="text-sm text-red-600">Labels could not be loaded: {(error as Error).message}</p> : null}
          {onStep ? (
            <div className="flex justify-between">
              <Button size="sm" variant="secondary" onClick={() => onStep(-1)} aria-label="Previous job">
                <ChevronLeft aria-hidden className="size-4" />
              </Button>
              <Button size="sm" variant="secondary" onClick={() => onStep(1)} aria-label="Next job">
                <ChevronRight aria-hidden className="size-4" />
              </Button>
            </div>
          ) : null}
        </div>
        <div className="min-w-0 space-y-3 text-sm">
          <div>
            <p className="text-xs text-zinc-500">Seed (state)</p>
            <p className="font-mono text-xs break-all" data-testid="frame-seed">
              {seed === undefined || seed === null ? "drawn by the Generation API" : String(seed)}
            </p>
          </div>
          <div>
            <p className="mb-1 text-xs text-zinc-500">Parameters</p>
            <dl className="space-y-0.5 font-mono text-xs" data-testid="frame-params">
              {params.map(([name, value]) => (
                <div key={name} className="flex justify-between gap-3 border-b border-zinc-100 py-0.5 dark:border-zinc-800">
                  <dt className="text-zinc-500">{name}</dt>
                  <dd className="truncate text-right" title={formatValue(value)}>
                    {formatValue(value)}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <a className="inline-flex items-center gap-1 text-accent hover:underline" href={`${apiBase}/jobs/${number}/download`} download>
            <Download aria-hidden className="size-4" /> Job zip
          </a>
        </div>
      </div>
    </>
  );
}
