import "server-only";
import { inflateRawSync } from "node:zlib";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { PortalError } from "@/lib/errors";
import { rawEntries } from "@/lib/zip/zip-reader";
import { getBatch, listBatchJobs } from "./batch-report";
import type { BatchReader } from "./share-access";

/**
 * The files of a job's result the gallery shows, and their types. Everything else in the zip
 * (job.json, segmentation.zip) is never kept, so the cache holds only what is viewed.
 */
export const MEDIA_FILES = {
  "video_preview.png": "image/png",
  "video.mp4": "video/mp4",
  "labels.json": "application/json",
} as const;
export type MediaFile = keyof typeof MEDIA_FILES;

export function isMediaFile(name: string): name is MediaFile {
  return Object.hasOwn(MEDIA_FILES, name);
}

export interface JobMedia {
  bytes: Buffer;
  contentType: string;
  /** The upstream job id: results never change, so it names the bytes for caching. */
  etag: string;
}

interface Extracted {
  upstreamId: string;
  files: Map<MediaFile, Buffer>;
}

/**
 * Extracted jobs, least recently used first, keyed by team, batch and position (a finished
 * job's result never changes, so a hit needs no upstream call at all); bounded by bytes.
 */
const CACHE_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, { job: Extracted; bytes: number }>();
let cachedBytes = 0;
/** A page of thumbnails asks for a job's PNG and labels at once: one download serves both. */
const inflight = new Map<string, Promise<Extracted>>();

function remember(key: string, job: Extracted) {
  const bytes = [...job.files.values()].reduce((sum, b) => sum + b.byteLength, 0);
  if (bytes > CACHE_BYTES / 2) return; // one huge result must not empty the cache for nothing
  const old = cache.get(key);
  if (old) cachedBytes -= old.bytes;
  cache.delete(key);
  cache.set(key, { job, bytes });
  cachedBytes += bytes;
  while (cachedBytes > CACHE_BYTES && cache.size > 0) {
    const [oldest, entry] = cache.entries().next().value!;
    cache.delete(oldest);
    cachedBytes -= entry.bytes;
  }
}

function recall(key: string): Extracted | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  cache.delete(key);
  cache.set(key, hit);
  return hit.job;
}

/** The media files of a job zip, inflated; the zip holds them in a folder named after the job. */
async function extract(zip: Uint8Array): Promise<Map<MediaFile, Buffer>> {
  const files = new Map<MediaFile, Buffer>();
  for await (const { entry, data } of rawEntries(zip)) {
    const name = entry.name.slice(entry.name.lastIndexOf("/") + 1);
    if (!isMediaFile(name)) {
      data.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    files.set(name, entry.method === 8 ? inflateRawSync(raw) : raw);
  }
  return files;
}

async function jobFiles(key: string, upstreamId: string, load: () => Promise<Uint8Array>): Promise<Extracted> {
  let pending = inflight.get(key);
  if (!pending) {
    pending = load()
      .then(extract)
      .then((files) => {
        const job = { upstreamId, files };
        remember(key, job);
        return job;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

interface Labels {
  images: { id: number; frame_number?: number }[];
  annotations: { image_id: number }[];
}

/** labels.json cut down to one frame: a video thumbnail needs frame 0's labels, not the whole clip's. */
function oneFrame(bytes: Buffer, frame: number): Buffer {
  const labels = JSON.parse(bytes.toString("utf8")) as Labels;
  const images = labels.images.filter((image, index) => (image.frame_number ?? index) === frame);
  const ids = new Set(images.map((image) => image.id));
  return Buffer.from(JSON.stringify({ ...labels, images, annotations: labels.annotations.filter((a) => ids.has(a.image_id)) }));
}

/**
 * One file of a finished job's result, for the gallery (with `frame`, labels.json of that frame only). `position` counts from 0. The batch
 * must be the member's team's (another team's is "not found", as everywhere), or a share link's
 * own batch (any other is "not found"); the job's result link comes from the (shared, cached)
 * batch summary and never leaves the server. Viewing is a read like the job table, so it is not
 * audited; downloads of whole zips are.
 */
export async function jobMedia(member: BatchReader, batchId: string, position: number, file: string, client: GenerationClient, frame?: number): Promise<JobMedia> {
  const batch = await getBatch(member, batchId);
  if (!isMediaFile(file)) throw new PortalError("not_found:file", `A job's result has no file "${file}" to show.`);
  const key = `${member.teamId}:${batch.id}:${position}`;
  let job = recall(key);
  if (!job) {
    const { rows, upstreamProblem } = await listBatchJobs(member, batch.id, client, { offset: position, limit: 1 });
    const status = rows[0]?.position === position ? rows[0].status : null;
    if (!status?.resultUrl || status.state !== "succeeded") {
      if (upstreamProblem) throw new PortalError("conflict:generation_api", `Could not read the results from the Generation API: ${upstreamProblem}`);
      throw new PortalError("not_found:job", `Job ${position + 1} has no result to show (it has not finished, or it failed).`);
    }
    const resultUrl = status.resultUrl;
    job = await jobFiles(key, status.upstreamId, () => client.downloadResult(resultUrl)).catch((error: unknown) => {
      if (error instanceof GenerationApiError) throw new PortalError("conflict:generation_api", `Could not read the results from the Generation API: ${error.message}`);
      throw error;
    });
  }
  const { upstreamId, files } = job;
  const bytes = files.get(file);
  if (!bytes) throw new PortalError("not_found:file", `Job ${position + 1} has no ${file} (${file === "video.mp4" ? "it is a preview" : "its result is incomplete"}).`);
  if (frame !== undefined && file === "labels.json") return { bytes: oneFrame(bytes, frame), contentType: MEDIA_FILES[file], etag: `"${upstreamId}-${file}-${frame}"` };
  return { bytes, contentType: MEDIA_FILES[file], etag: `"${upstreamId}-${file}"` };
}
