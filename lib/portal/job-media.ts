import "server-only";
import type { InlineBody, InlineFile } from "@/lib/api/inline-file";
import { PortalError, isPortalError } from "@/lib/errors";
import type { GenerationClient } from "@/lib/generation/client";
import type { ResultFile } from "@/lib/generation/transport";
import { entryBytes, entryContent } from "@/lib/zip/checked-inflate";
import { describeBytes } from "@/lib/format/bytes";
import type { ZipItem } from "@/lib/zip/zip-stream-reader";
import { webStreamOf } from "@/lib/zip/web-stream";
import { getBatch, listBatchJobs } from "./batch-report";
import { FailureMemory } from "./failure-memory";
import { acquireHeavySlot, holdWhileStreaming, type HeavySlot } from "./heavy-work";
import { labelsOfFrame } from "./labels-work";
import { openRemoteZip, resultFailure, resultZipLimits, type RemoteZip } from "./remote-results";
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

const MIB = 1024 * 1024;

/**
 * The largest file of each kind the gallery reads; a result declaring more is refused before
 * any of it is read. This engine writes at most ~26 MB of labels (7,300 frames at ~3.6 kB: 20
 * slow burpees at 30 fps), a 512² preview of ~150 kB and a video of ~11 MB. The caps leave
 * room for other generators (a 4K RGBA frame is 33 MB uncompressed) while bounding what one
 * request holds: a PNG and labels are held whole (labels parsed on a worker thread when
 * large), a video never is: it is streamed, and its cap only bounds how much is read.
 */
export const MEDIA_MAX_BYTES: Record<MediaFile, number> = {
  "video_preview.png": 32 * MIB,
  "labels.json": 64 * MIB,
  "video.mp4": 512 * MIB,
};

/** The files held whole (and cached); the video is streamed. */
const SMALL_FILES = new Set<string>(["video_preview.png", "labels.json"]);

/**
 * Small files, least recently used first, keyed by team, batch, position and file (a finished
 * job's result never changes, so a hit needs no upstream call at all); bounded by bytes.
 */
const CACHE_BYTES = 64 * MIB;
const cache = new Map<string, Uint8Array>();
let cachedBytes = 0;
/** A page of thumbnails asks for a job's PNG and labels at once: one remote read serves both. */
const inflight = new Map<string, Promise<Map<string, Uint8Array>>>();
/** A job whose result failed is not fetched again by every visitor for this long. */
const failures = new FailureMemory(30_000);

function remember(key: string, bytes: Uint8Array) {
  if (bytes.byteLength > CACHE_BYTES / 2) return; // one huge file must not empty the cache for nothing
  const old = cache.get(key);
  if (old) cachedBytes -= old.byteLength;
  cache.delete(key);
  cache.set(key, bytes);
  cachedBytes += bytes.byteLength;
  while (cachedBytes > CACHE_BYTES && cache.size > 0) {
    const [oldest, entry] = cache.entries().next().value!;
    cache.delete(oldest);
    cachedBytes -= entry.byteLength;
  }
}

function recall(key: string): Uint8Array | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  cache.delete(key);
  cache.set(key, hit);
  return hit;
}

interface FinishedJob {
  /** Counted from 1, for messages. */
  number: number;
  upstreamId: string;
  resultUrl: string;
  /** `<team>:<batch>:<position>`: the cache's and failure memory's key for this job. */
  key: string;
}

function missing(job: FinishedJob, file: MediaFile): PortalError {
  return new PortalError("not_found:file", `Job ${job.number} has no ${file} (${file === "video.mp4" ? "it is a preview" : "its result is incomplete"}).`);
}

function tooLarge(job: FinishedJob, file: MediaFile, size: number): PortalError {
  return new PortalError("conflict:generation_api", `Job ${job.number}'s ${file} is ${describeBytes(size)}, more than the ${describeBytes(MEDIA_MAX_BYTES[file])} the gallery shows.`);
}

async function readStream(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.byteLength;
    if (length > limit) throw new PortalError("conflict:generation_api", "A result file is larger than it was listed.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A file of a job the built-in engine in this process holds, from its storage: no zip is built or read. */
async function builtInFile(job: FinishedJob, files: ResultFile[], file: MediaFile): Promise<Uint8Array> {
  const found = files.find((f) => f.name === `${job.upstreamId}/${file}`);
  if (!found) throw missing(job, file);
  if (found.size > MEDIA_MAX_BYTES[file]) throw tooLarge(job, file, found.size);
  return readStream(await found.open(), found.size);
}

/**
 * The small media files of a remote job, from its zip (see `openRemoteZip`): in byte ranges,
 * both of them; front to back, those met up to `wanted` (the PNG is last in this engine's
 * zips, so a thumbnail's request brings its labels along). Heavy work: a slot is held
 * throughout, and the limits refuse anything larger than the gallery shows.
 */
async function remoteSmallFiles(reader: BatchReader, job: FinishedJob, client: GenerationClient, wanted: MediaFile): Promise<Map<string, Uint8Array>> {
  const held = await acquireHeavySlot(reader);
  let zip: RemoteZip | undefined;
  try {
    zip = await openRemoteZip(client, job.resultUrl, galleryLimits(job));
    const files = new Map<string, Uint8Array>();
    for await (const item of zip.entries(SMALL_FILES, wanted)) {
      const file = item.path as MediaFile;
      if (item.entry.size > MEDIA_MAX_BYTES[file]) throw tooLarge(job, file, item.entry.size);
      files.set(file, await entryBytes(item.data, item.entry.method, item.entry));
    }
    return files;
  } finally {
    await zip?.close();
    held.release();
  }
}

/**
 * Limits for a job's zip read for the gallery: the configured limit for the whole zip, and no
 * entry larger than the largest file the gallery shows (a 1.5 GB entry in front of the
 * preview frame is refused at its header, not read past).
 */
function galleryLimits(job: FinishedJob) {
  const limits = resultZipLimits(job.upstreamId);
  return { ...limits, maxEntryBytes: Math.min(limits.maxEntryBytes, MEDIA_MAX_BYTES["video.mp4"]) };
}

/** A small file of a finished job: from the cache, else from storage or the remote zip (once for everyone asking at the same time). */
async function smallFile(reader: BatchReader, job: FinishedJob, client: GenerationClient, file: MediaFile, again = false): Promise<Uint8Array> {
  const cacheKey = `${job.key}:${file}`;
  const hit = recall(cacheKey);
  if (hit) return hit;
  const failed = failures.recall(job.key);
  if (failed) throw failed;
  const builtIn = await client.builtInResult(job.resultUrl);
  const loadKey = builtIn ? cacheKey : `${job.key}:small`;
  let pending = inflight.get(loadKey);
  if (!pending) {
    pending = (builtIn ? builtInFile(job, builtIn, file).then((bytes) => new Map([[file, bytes]])) : remoteSmallFiles(reader, job, client, file))
      .then((files) => {
        for (const [name, bytes] of files) remember(`${job.key}:${name}`, bytes);
        return files;
      })
      .catch((error: unknown) => {
        const failure = resultFailure(error, `job ${job.number}`);
        // Refusals of the result itself are remembered; "busy" and "not found" are not.
        if (isPortalError(failure) && failure.code === "conflict:generation_api") failures.remember(job.key, failure);
        throw failure;
      })
      .finally(() => inflight.delete(loadKey));
    inflight.set(loadKey, pending);
  }
  const files = await pending;
  const bytes = files.get(file) ?? recall(cacheKey);
  if (bytes) return bytes;
  // Another request's read (front to back) may have stopped at its own file, before this one: one more read, for this file.
  if (!builtIn && !again) return smallFile(reader, job, client, file, true);
  throw missing(job, file);
}

/** A byte range of content read from its start: what lies before `range.start` is read and dropped. */
async function* slice(content: AsyncIterable<Uint8Array>, range: { start: number; end: number } | null): AsyncGenerator<Uint8Array> {
  if (!range) return yield* content;
  let at = 0;
  for await (const chunk of content) {
    const from = Math.max(0, range.start - at);
    const to = Math.min(chunk.byteLength, range.end + 1 - at);
    at += chunk.byteLength;
    if (to > from) yield chunk.subarray(from, to);
    if (at > range.end) return;
  }
}

/** Read ahead of a slow client at most this much (a byte budget; see `webStreamOf`). */
const VIDEO_READ_AHEAD = 1024 * 1024;

function webStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  return webStreamOf(chunks, VIDEO_READ_AHEAD);
}

/** The video of a built-in job, streamed from storage in the range asked for. */
async function builtInVideo(job: FinishedJob, files: ResultFile[]): Promise<InlineBody> {
  const found = files.find((f) => f.name === `${job.upstreamId}/video.mp4`);
  if (!found) throw missing(job, "video.mp4");
  return {
    size: found.size,
    stream: (range) => webStream((async function* () {
      yield* await found.open(range ?? undefined);
    })()),
    discard: () => undefined,
  };
}

/**
 * A remote job's video up to this size is read whole and kept in the cache (this engine's run
 * to ~11 MB), so a player's seeks and second requests cost nothing more; a larger one is
 * streamed, holding a slot while it is sent.
 */
const VIDEO_HELD_BYTES = 16 * MIB;

/**
 * The video of a remote job: held whole when small (see VIDEO_HELD_BYTES), else streamed out of
 * its zip as the client reads it, a heavy slot held from opening the zip until the response
 * ends (or the client leaves, or stops reading); a range is then served by reading the entry
 * from its start and dropping what comes before.
 */
async function remoteVideo(reader: BatchReader, job: FinishedJob, client: GenerationClient): Promise<InlineBody> {
  const cacheKey = `${job.key}:video.mp4`;
  const hit = recall(cacheKey);
  if (hit) return { bytes: hit };
  const failed = failures.recall(job.key);
  if (failed) throw failed;
  const held: HeavySlot = await acquireHeavySlot(reader);
  let zip: RemoteZip | undefined;
  try {
    zip = await openRemoteZip(client, job.resultUrl, galleryLimits(job));
    const entries = zip.entries(new Set(["video.mp4"]), "video.mp4");
    const first = await entries.next();
    if (first.done) throw missing(job, "video.mp4");
    const item: ZipItem = first.value;
    if (item.entry.size <= VIDEO_HELD_BYTES) {
      const bytes = await entryBytes(item.data, item.entry.method, item.entry);
      await zip.close();
      held.release();
      remember(cacheKey, bytes);
      return { bytes };
    }
    const opened = zip;
    const close = () => {
      void entries.return(undefined).finally(() => opened.close());
    };
    return {
      size: item.entry.size,
      stream: (range) => {
        const content = (async function* () {
          try {
            yield* slice(entryContent(item.data, item.entry.method, item.entry), range);
          } finally {
            close();
          }
        })();
        return holdWhileStreaming(webStream(content), held);
      },
      discard: () => {
        close();
        held.release();
      },
    };
  } catch (error) {
    await zip?.close();
    held.release();
    const failure = resultFailure(error, `job ${job.number}`);
    if (isPortalError(failure) && failure.code === "conflict:generation_api") failures.remember(job.key, failure);
    throw failure;
  }
}

/** A finished job's position in the batch, its upstream id and its result link (which never leaves the server). */
async function finishedJob(member: BatchReader, batch: { id: string }, position: number, client: GenerationClient): Promise<FinishedJob> {
  const { rows, upstreamProblem } = await listBatchJobs(member, batch.id, client, { offset: position, limit: 1 });
  const status = rows[0]?.position === position ? rows[0].status : null;
  if (!status?.resultUrl || status.state !== "succeeded") {
    if (upstreamProblem) throw new PortalError("conflict:generation_api", `Could not read the results from the Generation API: ${upstreamProblem}`);
    throw new PortalError("not_found:job", `Job ${position + 1} has no result to show (it has not finished, or it failed).`);
  }
  return { number: position + 1, upstreamId: status.upstreamId, resultUrl: status.resultUrl, key: `${member.teamId}:${batch.id}:${position}` };
}

/**
 * One file of a finished job's result, for the gallery (with `frame`, labels.json of that
 * frame only). `position` counts from 0. The batch must be the member's team's (another team's
 * is "not found", as everywhere), or a share link's own batch (any other is "not found"); the
 * job's result link comes from the (shared, cached) batch summary and never leaves the server.
 * The content is read only by `load` (a revalidation answered 304 reads nothing): from the
 * built-in engine straight from its storage, from a remote upstream the one entry of the job's
 * zip (see `openRemoteZip`), within per-file limits and a heavy-work slot. Viewing is a read
 * like the job table, so it is not audited; downloads of whole zips are.
 */
export async function jobMedia(member: BatchReader, batchId: string, position: number, file: string, client: GenerationClient, frame?: number): Promise<InlineFile> {
  const batch = await getBatch(member, batchId);
  if (!isMediaFile(file)) throw new PortalError("not_found:file", `A job's result has no file "${file}" to show.`);
  const job = await finishedJob(member, batch, position, client);
  const cut = file === "labels.json" && frame !== undefined;
  const etag = cut ? `"${job.upstreamId}-${file}-${frame}"` : `"${job.upstreamId}-${file}"`;
  const load = async (): Promise<InlineBody> => {
    if (file === "video.mp4") {
      const builtIn = await client.builtInResult(job.resultUrl);
      return builtIn ? builtInVideo(job, builtIn) : remoteVideo(member, job, client);
    }
    if (!cut) return { bytes: await smallFile(member, job, client, file) };
    const cutKey = `${job.key}:labels.json@${frame}`;
    const hit = recall(cutKey);
    if (hit) return { bytes: hit };
    const bytes = await labelsOfFrame(await smallFile(member, job, client, "labels.json"), frame, `job ${job.number}`);
    remember(cutKey, bytes);
    return { bytes };
  };
  return { contentType: MEDIA_FILES[file], etag, load };
}
