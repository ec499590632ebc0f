import { rawEntries } from "./zip-reader";
import type { RawEntry } from "./zip-writer";

const LOCAL_HEADER = 0x04034b50;
const SIZES_AFTER_DATA = 0x0008;
const MAX32 = 0xffffffff;

/** Bytes taken from a web stream as they are needed: a header whole, an entry's data as it comes. */
class StreamBytes {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** Reads until `n` bytes are pending or the stream ends; false when it ended short. */
  private async fill(n: number): Promise<boolean> {
    while (this.pendingBytes < n && !this.ended) {
      const { value, done } = await this.reader.read();
      if (done) this.ended = true;
      else if (value.byteLength) {
        this.pending.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        this.pendingBytes += value.byteLength;
      }
    }
    return this.pendingBytes >= n;
  }

  private take(n: number): Buffer {
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    return taken;
  }

  /** Exactly `n` bytes, or null when the stream ends first. */
  async exactly(n: number): Promise<Buffer | null> {
    return (await this.fill(n)) ? this.take(n) : null;
  }

  /**
   * The next `n` bytes, passed on in the chunks they arrived in; `skip` drops whatever of them
   * the reader left unread, so the stream is at the next header either way.
   */
  span(n: number): { data: AsyncGenerator<Uint8Array>; skip: () => Promise<void> } {
    let left = n;
    const next = async (): Promise<Buffer> => {
      if (!(await this.fill(1))) throw new Error(`the zip ended ${left} bytes into an entry`);
      const chunk = this.take(Math.min(left, this.pending[0]!.length));
      left -= chunk.length;
      return chunk;
    };
    async function* data() {
      while (left > 0) yield await next();
    }
    return {
      data: data(),
      skip: async () => {
        while (left > 0) await next();
      },
    };
  }

  /** Everything left, whole. */
  async rest(): Promise<Buffer> {
    await this.fill(Infinity);
    return this.take(this.pendingBytes);
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}

function dosDate(time: number, date: number): Date {
  return new Date(Date.UTC((date >> 9) + 1980, ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2));
}

/**
 * The entries of a zip read front to back as it arrives, each with its still-compressed bytes,
 * for `ZipWriter.entry` to copy on: a job's zip from a remote Generation API passes through
 * with only a chunk in memory at a time. That needs every entry's sizes in its local header.
 * From the first entry whose sizes come after its data (or need Zip64) the rest of the zip is
 * read whole and its remaining entries found through the central directory, as before.
 * Each entry's data is good only until the next entry is asked for.
 */
export async function* streamedEntries(body: ReadableStream<Uint8Array>): AsyncGenerator<{ entry: RawEntry; data: AsyncIterable<Uint8Array> }> {
  const bytes = new StreamBytes(body);
  let offset = 0;
  try {
    for (;;) {
      const header = await bytes.exactly(30);
      if (!header || header.readUInt32LE(0) !== LOCAL_HEADER) return; // the central directory: every entry was seen
      const flags = header.readUInt16LE(6);
      const compressedSize = header.readUInt32LE(18);
      const size = header.readUInt32LE(22);
      const variable = await bytes.exactly(header.readUInt16LE(26) + header.readUInt16LE(28));
      if (!variable) throw new Error("the zip ended inside an entry's header");
      if (flags & SIZES_AFTER_DATA || compressedSize === MAX32 || size === MAX32) {
        const tail = Buffer.concat([header, variable, await bytes.rest()]);
        for await (const item of rawEntries(tail, offset)) yield item;
        return;
      }
      const name = variable.toString("utf8", 0, header.readUInt16LE(26));
      const { data, skip } = bytes.span(compressedSize);
      if (!name.endsWith("/")) {
        const entry: RawEntry = { name, method: header.readUInt16LE(8), crc32: header.readUInt32LE(14), compressedSize, size, modified: dosDate(header.readUInt16LE(10), header.readUInt16LE(12)) };
        yield { entry, data };
      }
      await skip(); // a folder entry, or data the caller left unread
      offset += header.length + variable.length + compressedSize;
    }
  } finally {
    await bytes.cancel();
  }
}
