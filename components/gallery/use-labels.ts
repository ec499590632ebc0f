"use client";
import useSWRImmutable from "swr/immutable";
import { jsonFetcher } from "@/lib/swr/fetcher";
import type { CocoLabels } from "./overlay";

/**
 * Where a job's files are served, under the report's API base (a member's
 * `/api/portal/batches/<id>` or a share link's `/api/share/<token>`); `number` counts from 1.
 */
export function mediaUrl(apiBase: string, number: number, file: "video_preview.png" | "video.mp4" | "labels.json", frame?: number) {
  return `${apiBase}/jobs/${number}/media?file=${file}${frame === undefined ? "" : `&frame=${frame}`}`;
}

/**
 * A finished job's labels never change: fetched once, shared by its thumbnail and its dialog.
 * With `frame`, only that frame's (a video's thumbnail needs frame 0, not the whole clip);
 * not at all until `enabled` (a thumbnail far below the fold waits, like its lazy image).
 */
export function useLabels(apiBase: string, number: number, frame?: number, enabled = true) {
  return useSWRImmutable<CocoLabels>(enabled ? mediaUrl(apiBase, number, "labels.json", frame) : null, jsonFetcher);
}
