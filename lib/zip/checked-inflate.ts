import { Readable } from "node:stream";
import { promisify } from "node:util";
import { createInflateRaw, crc32, inflateRaw, type InflateRaw } from "node:zlib";
import { describeBytes } from "@/lib/format/bytes";
import { ZipRefusal, describeBytesApart, quoteName } from "./refusal";

/** What an entry's header promises about its content. */
export interface DeclaredContent {
  name: string;
  /** Inflated size in bytes. */
  size: number;
  crc32: number;
}

/**
 * Streamed inflate output comes in pieces of this size: few enough callbacks for a large
 * entry, and the most that can pass a declared size before the inflater is stopped.
 */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * Entries up to this size are inflated in one call on libuv's thread pool once their bytes are
 * in: one hand-off instead of one per 64 kB of output, which under load made checking a
 * remote batch zip's labels several times slower than copying them. Larger ones are inflated
 * as a stream. Either way the output stops just past the declared size.
 */
const ONE_CALL_BYTES = 16 * 1024 * 1024;

const inflateRawAsync = promisify(inflateRaw);

const overflow = (declared: DeclaredContent) =>
  new ZipRefusal(`Entry ${quoteName(declared.name)} declares ${describeBytes(declared.size)} but inflates to more; the zip was refused.`);

function invalid(declared: DeclaredContent, error: unknown): Error {
  if (error instanceof ZipRefusal) return error;
  const code = (error as { code?: string }).code;
  if (typeof code === "string" && code.startsWith("Z_")) return new ZipRefusal(`Entry ${quoteName(declared.name)} is not valid deflate data (${(error as Error).message}); the zip was refused.`);
  return error as Error;
}

/** The sizes and checksum at the end of an entry, against what its header declared. */
function settle(declared: DeclaredContent, produced: number, crc: number): void {
  if (produced !== declared.size) {
    const [promised, found] = describeBytesApart(declared.size, produced);
    throw new ZipRefusal(`Entry ${quoteName(declared.name)} declares ${promised} but inflates to ${found}; the zip was refused.`);
  }
  if (crc >>> 0 !== declared.crc32 >>> 0) throw new ZipRefusal(`Entry ${quoteName(declared.name)} does not match its CRC-32; the zip is damaged or was altered.`);
}

/**
 * Deflated bytes held whole, inflated in one call off the event loop, producing at most one
 * byte more than declared (zlib stops there: a bomb costs its declared size), then checked.
 */
async function inflateWhole(deflated: Buffer, declared: DeclaredContent): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await inflateRawAsync(deflated, { maxOutputLength: declared.size + 1 });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw overflow(declared);
    throw invalid(declared, error);
  }
  if (content.length > declared.size) throw overflow(declared);
  settle(declared, content.length, crc32(content));
  return content;
}

/**
 * An entry's content from its deflated bytes, as it is inflated: zlib works on libuv's thread
 * pool (the event loop stays free however large the entry), output stops one chunk past the
 * declared size (a 2 MB entry that would inflate to 2 GB costs 64 kB), and at the end the
 * size and CRC-32 must be exactly what the header declared.
 */
export async function* inflateChecked(deflated: AsyncIterable<Uint8Array>, declared: DeclaredContent): AsyncGenerator<Buffer> {
  const input = Readable.from(deflated, { objectMode: false });
  const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  input.on("error", (error) => inflater.destroy(error));
  input.pipe(inflater);
  let produced = 0;
  let crc = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > declared.size) throw overflow(declared);
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    throw invalid(declared, error);
  } finally {
    input.destroy();
    inflater.destroy();
  }
  settle(declared, produced, crc);
}

/** A stored entry's content, counted and checksummed as it passes (its size was checked against the header's). */
export async function* storedChecked(data: AsyncIterable<Uint8Array>, declared: DeclaredContent): AsyncGenerator<Uint8Array> {
  let produced = 0;
  let crc = 0;
  for await (const chunk of data) {
    produced += chunk.length;
    if (produced > declared.size) throw new ZipRefusal(`Entry ${quoteName(declared.name)} holds more bytes than it declares; the zip was refused.`);
    crc = crc32(chunk, crc);
    yield chunk;
  }
  settle(declared, produced, crc);
}

/**
 * Checks deflated bytes that are being copied on still compressed (into a batch zip): each
 * chunk is also fed to an inflater whose output is only counted and checksummed, so an entry
 * is passed on only if it inflates to exactly what it declares. Used with `verifiedCopy`.
 */
class InflateCheck {
  private readonly inflater: InflateRaw = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  private produced = 0;
  private crc = 0;
  private failure: Error | undefined;
  private readonly finished: Promise<void>;

  constructor(private readonly declared: DeclaredContent) {
    this.inflater.on("data", (chunk: Buffer) => {
      this.produced += chunk.length;
      if (this.produced > declared.size) return this.inflater.destroy(overflow(declared));
      this.crc = crc32(chunk, this.crc);
    });
    this.finished = new Promise<void>((resolve, reject) => {
      this.inflater.once("end", resolve);
      this.inflater.once("error", (error) => {
        this.failure = invalid(declared, error);
        reject(this.failure);
      });
    });
    this.finished.catch(() => undefined); // read through `failure` or `end()`
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.inflater.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const drained = () => (this.inflater.off("error", failed), resolve());
      const failed = () => (this.inflater.off("drain", drained), reject(this.failure));
      this.inflater.once("drain", drained).once("error", failed);
    });
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.inflater.end();
    await this.finished;
    settle(this.declared, this.produced, this.crc);
  }

  destroy(): void {
    this.inflater.destroy();
  }
}

/**
 * An entry's bytes exactly as stored (for `ZipWriter.entry`), checked on the way: a deflated
 * entry is inflated alongside (output counted, never kept) and the last chunk is followed by a
 * refusal if it did not inflate to its declared size and CRC-32, so a copy that would unzip to
 * something else than it claims ends the download instead of completing it. A stored entry's
 * size equals its compressed size, which the reader already enforces.
 */
export async function* verifiedCopy(data: AsyncIterable<Uint8Array>, method: number, declared: DeclaredContent): AsyncGenerator<Uint8Array> {
  if (method !== 8) {
    yield* data;
    return;
  }
  if (declared.size <= ONE_CALL_BYTES) {
    // Passed on as it comes, kept aside, and inflated in one call after its last chunk.
    const kept: Uint8Array[] = [];
    for await (const chunk of data) {
      kept.push(chunk);
      yield chunk;
    }
    await inflateWhole(Buffer.concat(kept), declared);
    return;
  }
  const check = new InflateCheck(declared);
  try {
    for await (const chunk of data) {
      await check.write(chunk);
      yield chunk;
    }
    await check.end();
  } finally {
    check.destroy();
  }
}

/** An entry's content (inflated if it was deflated), checked against its header as it passes. */
export function entryContent(data: AsyncIterable<Uint8Array>, method: number, declared: DeclaredContent): AsyncGenerator<Uint8Array> {
  return method === 8 ? inflateChecked(data, declared) : storedChecked(data, declared);
}

/**
 * An entry's whole content in memory, checked: the caller has held the declared size to its
 * own limit, and a deflated entry is inflated in one call that stops just past it.
 */
export async function entryBytes(data: AsyncIterable<Uint8Array>, method: number, declared: DeclaredContent): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (method !== 8) {
    for await (const chunk of storedChecked(data, declared)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  for await (const chunk of data) chunks.push(chunk);
  return inflateWhole(Buffer.concat(chunks), declared);
}
