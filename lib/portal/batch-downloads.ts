import "server-only";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchJobs } from "@/db/schema";
import { getDownloadConfig, resultZipMaxBytes } from "@/lib/config/downloads";
import type { GenerationClient } from "@/lib/generation/client";
import type { JobResult } from "@/lib/generation/transport";
import { GenerationApiError } from "@/lib/generation/errors";
import { csvRow } from "@/lib/csv/safe-csv";
import { PortalError, isPortalError } from "@/lib/errors";
import { entryBytes, verifiedCopy } from "@/lib/zip/checked-inflate";
import { isSafeJobFolder } from "@/lib/zip/entry-name";
import { ZipRefusal, isZipRefusal } from "@/lib/zip/refusal";
import { streamedEntries } from "@/lib/zip/zip-stream-reader";
import { webStreamOf } from "@/lib/zip/web-stream";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { auditFor, recordAudit } from "./audit";
import { assertSameUpstream, getBatch, type BatchRow } from "./batch-report";
import { DownloadBudget } from "./download-budget";
import { acquireHeavySlot, holdWhileStreaming } from "./heavy-work";
import { MEDIA_MAX_BYTES } from "./job-media";
import { cocoPartOf } from "./labels-work";
import { openRemoteZip, resultFailure, resultZipLimits } from "./remote-results";
import { isShareAccess, type BatchReader } from "./share-access";

export interface Download {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/** File names from batch names: letters, digits, dots, dashes and underscores only. */
export function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80) || "batch";
}

function upstreamFailure(error: unknown): never {
  if (error instanceof GenerationApiError) throw new PortalError("conflict:generation_api", `Could not read the results from the Generation API: ${error.message}`);
  throw error;
}

interface FinishedJob {
  position: number;
  jobId: string;
  resultUrl: string;
}

/** The finished jobs of a batch, in job order, with their result links. */
async function finishedJobs(member: BatchReader, batch: BatchRow, client: GenerationClient): Promise<FinishedJob[]> {
  if (!batch.upstreamBatchId) throw new PortalError("conflict:batch", "This batch was never submitted, so it has no results yet.");
  await assertSameUpstream(member, batch).catch(upstreamFailure);
  const summary = await client.summary(batch.upstreamBatchId).catch(upstreamFailure);
  const urls = new Map(summary.job_runs.filter((j) => !j.in_progress && j.result_url).map((j) => [j.id, j.result_url!]));
  const db = await getDb();
  const rows = await db.select({ position: batchJobs.position, upstreamJobId: batchJobs.upstreamJobId }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
  const jobs = rows.flatMap((row) => (row.upstreamJobId && urls.has(row.upstreamJobId) ? [{ position: row.position, jobId: row.upstreamJobId, resultUrl: urls.get(row.upstreamJobId)! }] : []));
  // Job ids name folders in the archive and prefix file names in the merged COCO file: one that could leave its folder is refused up front.
  const unsafe = jobs.find((job) => !isSafeJobFolder(job.jobId));
  if (unsafe) throw new PortalError("conflict:generation_api", `The Generation API gave job ${unsafe.position + 1} an id that cannot be used as a folder name; its results cannot be downloaded.`);
  return jobs;
}

/**
 * A heavy download (see heavy-work.ts): a slot is taken before it is built, and held until
 * its body has been sent, or the client left or stopped reading.
 */
async function heavyDownload(reader: BatchReader, build: () => Promise<Download>): Promise<Download> {
  const held = await acquireHeavySlot(reader);
  try {
    const download = await build();
    return { ...download, body: holdWhileStreaming(download.body, held) };
  } catch (error) {
    held.release();
    throw error;
  }
}

/**
 * Once bytes are on their way, a failure can no longer be answered with a status: the
 * download is ended (the browser reports it failed, never a complete-looking file) and the
 * reason is logged in one line, without a stack for a refusal the portal made on purpose.
 */
async function* endedOnFailure(what: string, chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    if (isZipRefusal(error) || isPortalError(error) || error instanceof GenerationApiError) console.warn(`[download] ${what} ended: ${error.message}`);
    else console.error(`[download] ${what} ended`, error);
    throw error;
  }
}

/**
 * A remote job's zip entries, each checked (name inside the job's folder, sizes, and for a
 * deflated entry its inflated size and CRC-32 as it is copied), counted against the download's
 * budget. Yields what `ZipWriter.entry` copies on.
 */
async function* checkedRemoteEntries(body: ReadableStream<Uint8Array>, jobId: string, budget: DownloadBudget) {
  const limits = resultZipLimits(jobId, { maxBytes: Math.min(resultZipMaxBytes(), budget.left) });
  for await (const { entry, data } of streamedEntries(budget.meter(body), limits)) yield { entry, data: verifiedCopy(data, entry.method, entry) };
}

/** A remote job's checked entries written into `zip`; a refusal names the job, in the words members and visitors are shown. */
async function* remoteJobEntries(zip: ZipWriter, body: ReadableStream<Uint8Array>, job: FinishedJob, budget: DownloadBudget): AsyncGenerator<Uint8Array> {
  try {
    for await (const { entry, data } of checkedRemoteEntries(body, job.jobId, budget)) yield* zip.entry(entry, data);
  } catch (error) {
    throw resultFailure(error, `job ${job.position + 1}`);
  }
}

async function recordDownload(member: BatchReader, batch: BatchRow, what: string, extra: Record<string, unknown> = {}) {
  const metadata = { name: batch.name, what, ...extra };
  const entry = isShareAccess(member)
    ? // Nobody signed in: the history names the link the file went out through.
      { teamId: member.teamId, actorId: null, action: "batch.downloaded", targetType: "batch", targetId: batch.id, metadata: { ...metadata, via: "share link", linkId: member.linkId }, request: member.request }
    : auditFor(member, "batch.downloaded", { type: "batch", id: batch.id }, metadata);
  await recordAudit(await getDb(), entry);
}

/**
 * The whole batch in the Infinity layout: `batch_id.txt` and a folder per finished job, sent
 * as it is read. From the built-in engine each job's files are streamed from storage into the
 * archive (stored or deflated as the engine's own job zip does, with the CRC-32s it recorded); from
 * a remote upstream each job's zip is fetched and its entries copied still compressed as they
 * arrive (spooled to a temporary file only from an entry whose sizes come after its data),
 * each checked (see `checkedRemoteEntries`) within the limits of one job's zip and of the
 * whole download. Nothing is read further ahead than the client takes, so memory stays flat
 * whatever the batch's size. Heavy work: it holds a slot until sent.
 */
export async function batchArchive(member: BatchReader, batchId: string, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const jobs = await finishedJobs(member, batch, client);
  if (jobs.length === 0) throw new PortalError("conflict:batch", "No job of this batch has finished yet; there is nothing to download.");
  return heavyDownload(member, () => buildBatchArchive(member, batch, jobs, client));
}

async function buildBatchArchive(member: BatchReader, batch: BatchRow, jobs: FinishedJob[], client: GenerationClient): Promise<Download> {
  await recordDownload(member, batch, "batch zip", { jobs: jobs.length });
  const budget = new DownloadBudget(getDownloadConfig().downloadMaxBytes);
  const upstreamBatchId = batch.upstreamBatchId!;
  const open = (resultUrl: string) => {
    const result = client.openResult(resultUrl, { maxBytes: Math.min(resultZipMaxBytes(), budget.left) }).catch(upstreamFailure);
    // Opened ahead: if the client leaves before it is awaited, its failure is nobody's to report.
    result.catch(() => undefined);
    return result;
  };
  async function* archive(): AsyncGenerator<Uint8Array> {
    const zip = new ZipWriter();
    yield* zip.file("batch_id.txt", `${upstreamBatchId}\n`);
    let next: Promise<JobResult> | undefined = open(jobs[0]!.resultUrl);
    for (let i = 0; i < jobs.length; i++) {
      const result: JobResult = await next!;
      const following = jobs[i + 1];
      // Files in storage: the next job's listing is read while this one is sent. A remote zip is
      // fetched only after this one is sent: one upstream response open at a time.
      next = following && result.kind === "files" ? open(following.resultUrl) : undefined;
      if (result.kind === "files") {
        for (const file of result.files) {
          budget.take(file.size);
          yield* zip.add(file);
        }
      } else {
        yield* remoteJobEntries(zip, result.body, jobs[i]!, budget);
      }
      if (following) next ??= open(following.resultUrl);
    }
    yield zip.finish();
  }
  return { filename: `${safeFilename(batch.name)}.zip`, contentType: "application/zip", body: webStreamOf(endedOnFailure(`batch zip of ${batch.id}`, archive())) };
}

/**
 * One job's zip, with the same entries as the Generation API's: from the built-in engine its
 * files straight from storage; from a remote upstream its entries copied on as they arrive,
 * each checked as in the batch zip, so what a visitor unzips can never land outside the job's
 * folder, and a zip bomb or a zip whose sizes lie is ended, not passed on.
 */
export async function jobArchive(member: BatchReader, batchId: string, position: number, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const job = (await finishedJobs(member, batch, client)).find((j) => j.position === position);
  if (!job) throw new PortalError("not_found:job", `Job ${position + 1} has no result to download (it has not finished, or it failed).`);
  return heavyDownload(member, async () => {
    const result = await client.openResult(job.resultUrl, { maxBytes: resultZipMaxBytes() }).catch(upstreamFailure);
    await recordDownload(member, batch, "job zip", { job: position + 1 }).catch(async (error: unknown) => {
      if (result.kind === "zip") await result.body.cancel();
      throw error;
    });
    const budget = new DownloadBudget(getDownloadConfig().downloadMaxBytes);
    async function* archive(): AsyncGenerator<Uint8Array> {
      const zip = new ZipWriter();
      if (result.kind === "files") {
        for (const file of result.files) yield* zip.add(file);
      } else {
        yield* remoteJobEntries(zip, result.body, job!, budget);
      }
      yield zip.finish();
    }
    return { filename: `${job.jobId}.zip`, contentType: "application/zip", body: webStreamOf(endedOnFailure(`job zip ${job.jobId}`, archive())) };
  });
}

/** Every job's resolved parameters, as CSV (one row a job) or JSON (a list of objects). */
export async function jobParameters(member: BatchReader, batchId: string, format: "csv" | "json"): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const db = await getDb();
  const rows = await db.select({ params: batchJobs.params }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
  await recordDownload(member, batch, `parameters ${format}`);
  const base = `${safeFilename(batch.name)}-parameters`;
  if (format === "json") {
    return { filename: `${base}.json`, contentType: "application/json", body: new Blob([JSON.stringify(rows.map((r) => r.params), null, 1)]).stream() };
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.params)))];
  // Parameter names come from the generator's schema (a remote upstream's too) and values may be free text: both formula-safe.
  const lines = [csvRow(columns), ...rows.map((r) => csvRow(columns.map((c) => r.params[c])))];
  return { filename: `${base}.csv`, contentType: "text/csv; charset=utf-8", body: new Blob([lines.join("\n") + "\n"]).stream() };
}

/** A job's labels.json: read alone from the built-in engine's storage, or taken out of its remote zip (in byte ranges when the upstream allows). */
async function jobLabels(client: GenerationClient, job: FinishedJob, budget: DownloadBudget): Promise<Uint8Array | null> {
  const limit = MEDIA_MAX_BYTES["labels.json"];
  const files = await client.builtInResult(job.resultUrl);
  if (files) {
    const file = files.find((f) => f.name === `${job.jobId}/labels.json`);
    if (!file) return null;
    if (file.size > limit) throw new ZipRefusal(`The labels of job ${job.position + 1} are larger than the ${limit / 1024 / 1024} MiB a labels file may be.`);
    budget.take(file.size);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.open()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  const zip = await openRemoteZip(client, job.resultUrl, resultZipLimits(job.jobId, { maxBytes: Math.min(resultZipMaxBytes(), budget.left) }));
  try {
    for await (const item of zip.entries(new Set(["labels.json"]), "labels.json")) {
      if (item.entry.size > limit) throw new ZipRefusal(`The labels of job ${job.position + 1} are larger than the ${limit / 1024 / 1024} MiB a labels file may be.`);
      budget.take(item.entry.compressedSize);
      return await entryBytes(item.data, item.entry.method, item.entry);
    }
    return null;
  } finally {
    await zip.close();
  }
}

/**
 * All jobs' labels as one COCO file: image and annotation ids renumbered so they stay
 * unique, file names prefixed with the job's folder so they resolve inside the batch zip, and
 * each image tagged with its job id and the job's scene info.
 *
 * Streamed, in one pass over the jobs: COCO puts every image before every annotation, so the
 * images are sent as each job's labels are read while its annotations are appended to a
 * temporary file, sent after the last job (then the categories, which come from the first job
 * that has any). Memory holds one job's labels at a time whatever the batch's size. Two passes
 * (images, then annotations) would need no file but would fetch every remote job's zip twice.
 * The bytes are those JSON.stringify gave for the whole document when it was built in memory.
 */
export async function mergedCoco(member: BatchReader, batchId: string, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const jobs = await finishedJobs(member, batch, client);
  return heavyDownload(member, async () => {
    await recordDownload(member, batch, "merged COCO", { jobs: jobs.length });
    const budget = new DownloadBudget(getDownloadConfig().downloadMaxBytes);
    const info = { description: batch.name, batch_id: batch.upstreamBatchId, jobs: jobs.length };
    async function* coco(): AsyncGenerator<Uint8Array> {
      const dir = await mkdtemp(path.join(tmpdir(), "infinity-coco-"));
      const spool = path.join(dir, "annotations.json");
      const annotations = await open(spool, "w");
      try {
        yield Buffer.from(`{"info":${JSON.stringify(info)},"images":[`);
        let images = 0;
        let annotationCount = 0;
        let categories: unknown[] = [];
        for (const job of jobs) {
          const labels = await jobLabels(client, job, budget).catch((error: unknown) => Promise.reject(resultFailure(error, `job ${job.position + 1}`)));
          if (!labels) continue;
          const part = await cocoPartOf(labels, { jobId: job.jobId, firstImageId: images + 1, firstAnnotationId: annotationCount + 1 }, `job ${job.position + 1}`);
          if (categories.length === 0) categories = part.categories;
          if (part.imageCount) yield Buffer.from(`${images ? "," : ""}${part.images}`);
          if (part.annotationCount) await annotations.write(`${annotationCount ? "," : ""}${part.annotations}`);
          images += part.imageCount;
          annotationCount += part.annotationCount;
        }
        await annotations.close();
        yield Buffer.from(`],"annotations":[`);
        for await (const chunk of createReadStream(spool, { highWaterMark: 512 * 1024 })) yield chunk as Buffer;
        yield Buffer.from(`],"categories":${JSON.stringify(categories)}}`);
      } finally {
        await annotations.close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    }
    return { filename: `${safeFilename(batch.name)}-coco.json`, contentType: "application/json", body: webStreamOf(endedOnFailure(`merged COCO of ${batch.id}`, coco())) };
  });
}
