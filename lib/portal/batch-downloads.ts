import "server-only";
import { inflateRawSync } from "node:zlib";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { batchJobs } from "@/db/schema";
import type { GenerationClient } from "@/lib/generation/client";
import type { JobResult } from "@/lib/generation/transport";
import { GenerationApiError } from "@/lib/generation/errors";
import { csvRow } from "@/lib/csv/safe-csv";
import { PortalError } from "@/lib/errors";
import { streamedEntries } from "@/lib/zip/zip-stream-reader";
import { webStreamOf } from "@/lib/zip/web-stream";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { auditFor, recordAudit } from "./audit";
import { assertSameUpstream, getBatch, type BatchRow } from "./batch-report";
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

/** The finished jobs of a batch, in job order, with their result links. */
async function finishedJobs(member: BatchReader, batch: BatchRow, client: GenerationClient) {
  if (!batch.upstreamBatchId) throw new PortalError("conflict:batch", "This batch was never submitted, so it has no results yet.");
  await assertSameUpstream(member, batch).catch(upstreamFailure);
  const summary = await client.summary(batch.upstreamBatchId).catch(upstreamFailure);
  const urls = new Map(summary.job_runs.filter((j) => !j.in_progress && j.result_url).map((j) => [j.id, j.result_url!]));
  const db = await getDb();
  const rows = await db.select({ position: batchJobs.position, upstreamJobId: batchJobs.upstreamJobId }).from(batchJobs).where(eq(batchJobs.batchId, batch.id)).orderBy(asc(batchJobs.position));
  return rows.flatMap((row) => (row.upstreamJobId && urls.has(row.upstreamJobId) ? [{ position: row.position, jobId: row.upstreamJobId, resultUrl: urls.get(row.upstreamJobId)! }] : []));
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
 * arrive (held whole only from an entry whose sizes come after its data). Nothing is read
 * further ahead than the client takes, so memory stays flat whatever the batch's size.
 */
export async function batchArchive(member: BatchReader, batchId: string, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const jobs = await finishedJobs(member, batch, client);
  if (jobs.length === 0) throw new PortalError("conflict:batch", "No job of this batch has finished yet; there is nothing to download.");
  await recordDownload(member, batch, "batch zip", { jobs: jobs.length });
  const upstreamBatchId = batch.upstreamBatchId!;
  const open = (resultUrl: string) => {
    const result = client.openResult(resultUrl).catch(upstreamFailure);
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
        for (const file of result.files) yield* zip.add(file);
      } else {
        for await (const { entry, data } of streamedEntries(result.body)) yield* zip.entry(entry, data);
      }
      if (following) next ??= open(following.resultUrl);
    }
    yield zip.finish();
  }
  return { filename: `${safeFilename(batch.name)}.zip`, contentType: "application/zip", body: webStreamOf(archive()) };
}

/** One job's zip, exactly as the Generation API serves it, passed on as it arrives. */
export async function jobArchive(member: BatchReader, batchId: string, position: number, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const job = (await finishedJobs(member, batch, client)).find((j) => j.position === position);
  if (!job) throw new PortalError("not_found:job", `Job ${position + 1} has no result to download (it has not finished, or it failed).`);
  const body = await client.streamResult(job.resultUrl).catch(upstreamFailure);
  await recordDownload(member, batch, "job zip", { job: position + 1 }).catch(async (error: unknown) => {
    await body.cancel();
    throw error;
  });
  return { filename: `${job.jobId}.zip`, contentType: "application/zip", body };
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

interface Coco {
  info?: Record<string, unknown>;
  images: { id: number; file_name: string; [k: string]: unknown }[];
  annotations: { id: number; image_id: number; [k: string]: unknown }[];
  categories: unknown[];
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A job's labels.json, read alone from the built-in engine's storage, or found in its zip. */
async function* jobLabels(result: JobResult): AsyncGenerator<Coco> {
  if (result.kind === "files") {
    for (const file of result.files) if (file.name.endsWith("/labels.json")) yield JSON.parse((await readAll(await file.open())).toString("utf8")) as Coco;
    return;
  }
  for await (const { entry, data } of streamedEntries(result.body)) {
    if (!entry.name.endsWith("/labels.json")) continue; // its bytes are skipped as they arrive
    const raw = await readAll(data);
    yield JSON.parse((entry.method === 8 ? inflateRawSync(raw) : raw).toString("utf8")) as Coco;
  }
}

/**
 * All jobs' labels as one COCO file: image and annotation ids renumbered so they stay
 * unique, file names prefixed with the job's folder so they resolve inside the batch zip, and
 * each image tagged with its job id and the job's scene info.
 */
export async function mergedCoco(member: BatchReader, batchId: string, client: GenerationClient): Promise<Download> {
  const batch = await getBatch(member, batchId);
  const jobs = await finishedJobs(member, batch, client);
  const merged: Coco & { info: Record<string, unknown> } = { info: { description: batch.name, batch_id: batch.upstreamBatchId, jobs: jobs.length }, images: [], annotations: [], categories: [] };
  for (const job of jobs) {
    for await (const labels of jobLabels(await client.openResult(job.resultUrl).catch(upstreamFailure))) {
      if (merged.categories.length === 0) merged.categories = labels.categories;
      const imageIds = new Map<number, number>();
      for (const image of labels.images) {
        const id = merged.images.length + 1;
        imageIds.set(image.id, id);
        merged.images.push({ ...image, id, file_name: `${job.jobId}/${image.file_name}`, job_id: job.jobId, job_info: labels.info });
      }
      for (const annotation of labels.annotations) {
        merged.annotations.push({ ...annotation, id: merged.annotations.length + 1, image_id: imageIds.get(annotation.image_id) ?? annotation.image_id });
      }
    }
  }
  await recordDownload(member, batch, "merged COCO", { jobs: jobs.length });
  return { filename: `${safeFilename(batch.name)}-coco.json`, contentType: "application/json", body: new Blob([JSON.stringify(merged)]).stream() };
}
