"use client";
import { useEffect, useRef } from "react";
import { drawOverlay, type CocoLabels, type Layers } from "./overlay";

/** A canvas laid over a frame, redrawn when the labels, the layers, the image or its size change. */
export function OverlayCanvas({ labels, imageIndex, layers }: { labels: CocoLabels | undefined; imageIndex: number; layers: Layers }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const draw = () => drawOverlay(canvas, labels, imageIndex, layers);
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [labels, imageIndex, layers]);
  return <canvas ref={ref} aria-hidden data-testid="overlay" data-ready={labels ? "true" : "false"} className="pointer-events-none absolute inset-0 size-full" />;
}
