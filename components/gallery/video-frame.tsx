"use client";
import { useEffect, useRef, useState } from "react";
import { OverlayCanvas } from "./overlay-canvas";
import { imageIndexForFrame, type CocoLabels, type Layers } from "./overlay";

type FrameCallback = (now: number, metadata: { mediaTime: number }) => void;
type WithFrameCallbacks = HTMLVideoElement & { requestVideoFrameCallback?: (cb: FrameCallback) => number; cancelVideoFrameCallback?: (handle: number) => void };

/**
 * A job's video with the labels of the frame on screen. Frames are followed with
 * requestVideoFrameCallback where the browser has it (exact presented frame), and with
 * timeupdate / seeked otherwise or while paused; frame n starts at n / fps. It fills the
 * caller's positioned box.
 */
export function VideoFrame({ src, poster, labels, layers }: { src: string; poster: string; labels: CocoLabels | undefined; layers: Layers }) {
  const ref = useRef<WithFrameCallbacks>(null);
  const [frame, setFrame] = useState(0);
  const fps = labels?.info?.frame_rate ?? 30;

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const fromTime = (seconds: number) => setFrame(Math.floor(seconds * fps + 0.01));
    const onTime = () => fromTime(video.currentTime);
    video.addEventListener("timeupdate", onTime);
    video.addEventListener("seeked", onTime);
    let handle: number | null = null;
    if (video.requestVideoFrameCallback) {
      const step: FrameCallback = (_now, metadata) => {
        setFrame(Math.round(metadata.mediaTime * fps));
        handle = video.requestVideoFrameCallback!(step);
      };
      handle = video.requestVideoFrameCallback(step);
    }
    return () => {
      video.removeEventListener("timeupdate", onTime);
      video.removeEventListener("seeked", onTime);
      if (handle !== null) video.cancelVideoFrameCallback?.(handle);
    };
  }, [fps]);

  return (
    <>
      <video ref={ref} src={src} poster={poster} controls preload="none" playsInline className="absolute inset-0 size-full object-contain" data-testid="gallery-video" />
      <OverlayCanvas labels={labels} imageIndex={labels ? imageIndexForFrame(labels, frame) : 0} layers={layers} />
      <span className="tabular pointer-events-none absolute top-1 left-1 rounded bg-black/60 px-1.5 py-0.5 text-xs text-white" data-testid="video-frame-number">
        frame {frame}
      </span>
    </>
  );
}
