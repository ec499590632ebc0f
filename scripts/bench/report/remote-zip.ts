import type { ActingMember } from "@/lib/portal/member";
import { hasEndRecord, zipTail } from "./http-client";

/**
 * The batch zip as a portal whose Generation API is elsewhere assembles it: in this process,
 * from the server's engine over HTTP, each job's zip read as it arrives. Reports the rate and
 * this process's resident memory before and at its peak (sampled every 20 ms).
 */
export async function remoteBatchZip(owner: ActingMember, batchId: string, origin: string) {
  const { GenerationClient } = await import("@/lib/generation/client");
  const { HttpTransport } = await import("@/lib/generation/transports/http");
  const { batchArchive } = await import("@/lib/portal/batch-downloads");
  const { createApiToken } = await import("@/lib/portal/api-tokens");
  // The "remote" upstream is the bench's own server on loopback: allowed by name and port only.
  const { host } = new URL(origin);
  process.env.OUTBOUND_ALLOW = [process.env.OUTBOUND_ALLOW, host].filter(Boolean).join(",");
  const remote = new GenerationClient(new HttpTransport({ baseUrl: origin, token: (await createApiToken(owner, "bench remote upstream")).token }));
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  let bytes = 0;
  let tail: Buffer = Buffer.alloc(0);
  try {
    const reader = (await batchArchive(owner, batchId, remote)).body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      bytes += read.value.byteLength;
      tail = zipTail(tail, read.value);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  if (!hasEndRecord(tail)) throw new Error("the batch zip from a remote upstream has no end record");
  return { bytes, seconds, rssBefore, rssPeak: Math.max(rssPeak, process.memoryUsage.rss()), entries: tail.readUInt16LE(10) };
}
