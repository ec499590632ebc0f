import "server-only";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { getDb } from "@/db";
import { engineJobs } from "@/db/schema";
import { ApiError } from "../api/http";
import { getStorage } from "../storage";
import { checkResultSignature } from "./signing";

// Already-compressed formats are stored, not deflated again: same bytes, far less CPU.
const STORED = /\.(png|mp4|zip|jpg)$/i;

/**
 * Streams one job's folder as a zip whose entries sit under `<job_id>/`, so unzipping every
 * job of a batch into one folder gives the batch layout. Memory stays flat: each file is
 * piped through as it is read.
 */
export async function resultZip(jobId: string, url: URL): Promise<Response> {
  const check = checkResultSignature(jobId, url.searchParams.get("expires"), url.searchParams.get("signature"));
  if (check === "invalid") throw new ApiError(403, "This result link is not valid. Ask the API for a fresh result_url.");
  if (check === "expired") throw new ApiError(403, "This result link has expired. Ask the API for a fresh result_url.");
  const db = await getDb();
  const [job] = await db.select({ status: engineJobs.status, resultKey: engineJobs.resultKey }).from(engineJobs).where(eq(engineJobs.id, jobId));
  if (!job || job.status !== "succeeded" || !job.resultKey) throw new ApiError(404, "No finished result for this job.");
  const storage = await getStorage();
  const files = await storage.list(job.resultKey);
  const resultKey = job.resultKey;
  // Native CRC-32 and one file open at a time, each read only as the client takes the bytes.
  async function* archive(): AsyncGenerator<Uint8Array> {
    const zip = new ZipWriter();
    for (const file of files) {
      yield* zip.streamed(`${jobId}/${file.name}`, await storage.read(resultKey, file.name), { compress: !STORED.test(file.name) });
    }
    yield zip.finish();
  }
  return new Response(Readable.toWeb(Readable.from(archive(), { objectMode: false })) as ReadableStream, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${jobId}.zip"`,
      "cache-control": "private, no-store",
    },
  });
}
