import "server-only";
import { resultZipMaxBytes } from "@/lib/config/downloads";
import { PortalError } from "@/lib/errors";
import type { GenerationClient } from "@/lib/generation/client";
import { GenerationApiError } from "@/lib/generation/errors";
import { MAX_ENTRIES, type ZipLimits } from "@/lib/zip/limits";
import { openRangedZip, rangedEntry, type ByteRange, type RangedZip } from "@/lib/zip/ranged-zip";
import { isZipRefusal } from "@/lib/zip/refusal";
import { streamedEntries, type ZipItem } from "@/lib/zip/zip-stream-reader";

/** What a job's zip from a remote upstream may be, within the deployment's limits (README: Environment). */
export function resultZipLimits(jobId: string, overrides: Partial<ZipLimits> = {}): ZipLimits {
  const max = resultZipMaxBytes();
  return { folder: jobId, maxBytes: max, maxEntryBytes: max, maxTotalBytes: max, maxEntries: MAX_ENTRIES, ...overrides };
}

/**
 * A remote upstream's failure, or a refused zip, as the portal's typed error: its sentence
 * names what went wrong (members see it; share visitors get a generic one, see share-route).
 */
export function resultFailure(error: unknown, what: string): unknown {
  if (error instanceof GenerationApiError) return new PortalError("conflict:generation_api", `Could not read the results from the Generation API: ${error.message}`);
  if (isZipRefusal(error)) return new PortalError("conflict:generation_api", `The Generation API's result for ${what} was refused: ${error.message}`);
  return error;
}

/** A remote job's zip, opened to read a few of its entries. */
export interface RemoteZip {
  /** Whether it is read in byte ranges (the upstream honours Range) or front to back. */
  readonly ranged: boolean;
  /**
   * The entries at `paths` (inside the job's folder) that the zip has, in zip order, each good
   * until the next is asked for; front to back, reading stops after `last` (or the zip's end).
   */
  entries(paths: ReadonlySet<string>, last?: string): AsyncGenerator<ZipItem>;
  /** Drops the response and any spool file. */
  close(): Promise<void>;
}

/**
 * Opens a remote job's zip to take a few entries out of it without reading the rest: through
 * its central directory in byte ranges when the upstream answers 206 (a few kB and the entries
 * themselves), else front to back as it arrives, skipping other entries without keeping them.
 * Every entry is checked by the zip rules (`limits`) either way.
 */
export async function openRemoteZip(client: GenerationClient, resultUrl: string, limits: ZipLimits, signal?: AbortSignal): Promise<RemoteZip> {
  const read = (range: ByteRange) => client.fetchResultRange(resultUrl, range, { signal, maxBytes: "suffix" in range ? limits.maxBytes : range.end - range.start + 1 });
  const opened = await openRangedZip(read, limits);
  if ("whole" in opened) return frontToBack(opened.whole, limits);
  return ranged(opened, read, limits);
}

function ranged(zip: RangedZip, read: (range: ByteRange) => ReturnType<GenerationClient["fetchResultRange"]>, limits: ZipLimits): RemoteZip {
  return {
    ranged: true,
    async *entries(paths) {
      const found = [...zip.entries.values()].filter((entry) => paths.has(entry.path)).sort((a, b) => a.central.localOffset - b.central.localOffset);
      for (const entry of found) yield await rangedEntry(read, zip, entry, limits);
    },
    async close() {},
  };
}

function frontToBack(body: ReadableStream<Uint8Array>, limits: ZipLimits): RemoteZip {
  const items = streamedEntries(body, limits);
  return {
    ranged: false,
    async *entries(paths, last) {
      for (;;) {
        const { value, done } = await items.next();
        if (done) return;
        if (paths.has(value.path)) yield value;
        if (value.path === last) return;
      }
    },
    async close() {
      await items.return(undefined);
      await body.cancel().catch(() => undefined);
    },
  };
}
