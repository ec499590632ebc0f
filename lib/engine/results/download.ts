import "server-only";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { webStreamOf } from "@/lib/zip/web-stream";
import { resultFiles } from "./files";

/**
 * Streams one job's folder as a zip whose entries sit under `<job_id>/`, so unzipping every
 * job of a batch into one folder gives the batch layout. Memory stays flat: each file is
 * piped through as it is read.
 */
export async function resultZip(jobId: string, url: URL): Promise<Response> {
  const files = await resultFiles(jobId, url);
  // Native CRC-32 and one file open at a time, each read only as the client takes the bytes
  // (small JSON read whole and deflated in one call).
  async function* archive(): AsyncGenerator<Uint8Array> {
    const zip = new ZipWriter();
    for (const file of files) yield* zip.add(file);
    yield zip.finish();
  }
  return new Response(webStreamOf(archive()), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${jobId}.zip"`,
      "cache-control": "private, no-store",
    },
  });
}
