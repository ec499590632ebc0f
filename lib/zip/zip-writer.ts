import { promisify } from "node:util";
import { constants, createDeflateRaw, crc32, deflateRaw, deflateRawSync } from "node:zlib";
import { Readable } from "node:stream";

/**
 * A ZIP writer that copies entries whose compressed bytes, CRC and sizes are already known
 * (entries taken out of another zip), so a batch archive is assembled without inflating or
 * deflating anything. It is pull-based: the caller's async generator yields chunks as the
 * reader asks for them, so memory stays flat whatever the archive's size. Zip64 records are
 * written when offsets or counts outgrow the classic format. `streamed` adds a file whose
 * size and checksum are not known yet (a data descriptor follows its bytes).
 */

export interface RawEntry {
  /** Path inside the archive, forward slashes. */
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  modified: Date;
}

/** A file to be read only when its turn comes (from disk, from S3). */
export interface ZipSource {
  /** Path inside the archive. */
  name: string;
  size: number;
  /** Deflate it (text) or store it (media, compressed already). */
  compress: boolean;
  /**
   * Known ahead (recorded when the file was published): a stored file is then copied without
   * being checksummed again, and its header carries its sizes and CRC. The byte count is still
   * checked as it is copied.
   */
  crc32?: number;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * Deflate level for text (JSON labels): the fastest. Zips are made while the client waits, and
 * level 6 spent about 1 ms of the server's one thread on each 30 kB labels file; level 1 keeps
 * most of the size gain at a fraction of the time.
 */
const FAST = constants.Z_BEST_SPEED;

/**
 * Compressible files up to this size are read whole and deflated in one call, so their sizes
 * go in the local header (a long video's labels.json runs to a few MB). Only larger ones are
 * deflated as a stream, with their sizes after the data.
 */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024;

/** Beyond this the one deflate call runs on libuv's thread pool instead of holding the event loop. */
const INLINE_DEFLATE_BYTES = 1024 * 1024;

const deflateRawAsync = promisify(deflateRaw);

interface Written extends RawEntry {
  offset: number;
  /** Bit 3 when the sizes followed the data. */
  flags?: number;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const UTF8_FLAG = 0x0800;

function dosTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];

  /** Local header, then the entry's bytes as given. Yields what to send. */
  async *entry(entry: RawEntry, data: AsyncIterable<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
    if (entry.compressedSize >= MAX32 || entry.size >= MAX32) throw new Error(`${entry.name} is larger than 4 GB; split the download.`);
    const name = Buffer.from(entry.name, "utf8");
    const { time, date } = dosTime(entry.modified);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(UTF8_FLAG, 6);
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(entry.crc32 >>> 0, 14);
    header.writeUInt32LE(entry.compressedSize, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    this.written.push({ ...entry, offset: this.offset });
    this.offset += header.length + name.length;
    yield Buffer.concat([header, name]);
    let copied = 0;
    for await (const chunk of data instanceof Uint8Array ? [data] : data) {
      copied += chunk.length;
      yield chunk;
    }
    if (copied !== entry.compressedSize) throw new Error(`${entry.name}: expected ${entry.compressedSize} bytes, got ${copied}.`);
    this.offset += copied;
  }

  /**
   * A file read as it is sent: checksummed with node:zlib's native CRC-32 on the way, deflated
   * when `compress` (text), else stored (PNG, MP4 are compressed already). Sizes and CRC go in
   * a data descriptor after the bytes, so nothing is buffered.
   */
  async *streamed(name: string, source: AsyncIterable<Uint8Array>, options: { compress: boolean; modified?: Date }): AsyncGenerator<Uint8Array> {
    const nameBytes = Buffer.from(name, "utf8");
    const modified = options.modified ?? new Date();
    const method = options.compress ? 8 : 0;
    const { time, date } = dosTime(modified);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(UTF8_FLAG | 0x0008, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    const offset = this.offset;
    yield Buffer.concat([header, nameBytes]);
    this.offset += header.length + nameBytes.length;

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    async function* measured(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    }
    const body: AsyncIterable<Uint8Array> = options.compress ? Readable.from(measured()).pipe(createDeflateRaw({ level: FAST })) : measured();
    for await (const chunk of body) {
      compressedSize += chunk.length;
      yield chunk;
    }
    if (size >= MAX32 || compressedSize >= MAX32) throw new Error(`${name} is larger than 4 GB; split the download.`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;
    this.offset += compressedSize + descriptor.length;
    this.written.push({ name, method, crc32: crc, compressedSize, size, modified, offset, flags: 0x0008 });
  }

  /**
   * A small file held whole (batch_id.txt, a job's JSON): stored, or deflated in one call when
   * `compress`, which for a few kB is far cheaper than a zlib stream; sizes go in the header.
   */
  file(name: string, content: string | Uint8Array, options: { compress?: boolean; modified?: Date } = {}): AsyncGenerator<Uint8Array> {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const data = options.compress ? deflateRawSync(bytes, { level: FAST }) : bytes;
    return this.held(name, bytes, { method: options.compress ? 8 : 0, data }, options.modified ?? new Date());
  }

  /** A file whose bytes are in hand, `stored.data` being them as they go in the archive. */
  private held(name: string, bytes: Uint8Array, stored: { method: 0 | 8; data: Uint8Array }, modified: Date): AsyncGenerator<Uint8Array> {
    return this.entry({ name, method: stored.method, crc32: crc32(bytes), compressedSize: stored.data.length, size: bytes.length, modified }, stored.data);
  }

  /**
   * A file opened as it is reached: text up to 8 MB read whole and deflated in one call; a stored
   * file whose CRC is known copied as it is read, sizes and CRC in its header; anything else
   * streamed (`streamed`). A video never sits in memory.
   */
  async *add(source: ZipSource): AsyncGenerator<Uint8Array> {
    if (!source.compress && source.crc32 !== undefined) {
      const entry = { name: source.name, method: 0, crc32: source.crc32, compressedSize: source.size, size: source.size, modified: new Date() };
      yield* this.entry(entry, await source.open());
    } else if (source.compress && source.size <= WHOLE_FILE_BYTES) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of await source.open()) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      const data = bytes.length <= INLINE_DEFLATE_BYTES ? deflateRawSync(bytes, { level: FAST }) : await deflateRawAsync(bytes, { level: FAST });
      yield* this.held(source.name, bytes, { method: 8, data }, new Date());
    } else {
      yield* this.streamed(source.name, await source.open(), { compress: source.compress });
    }
  }

  /** The central directory and its end records. */
  finish(): Uint8Array {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const entry of this.written) {
      const name = Buffer.from(entry.name, "utf8");
      const needs64 = entry.offset >= MAX32;
      const extra = needs64 ? Buffer.alloc(12) : Buffer.alloc(0);
      if (needs64) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8, 2);
        extra.writeBigUInt64LE(BigInt(entry.offset), 4);
      }
      const { time, date } = dosTime(entry.modified);
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, spec 4.5
      header.writeUInt16LE(needs64 ? 45 : 20, 6);
      header.writeUInt16LE(UTF8_FLAG | (entry.flags ?? 0), 8);
      header.writeUInt16LE(entry.method, 10);
      header.writeUInt16LE(time, 12);
      header.writeUInt16LE(date, 14);
      header.writeUInt32LE(entry.crc32 >>> 0, 16);
      header.writeUInt32LE(entry.compressedSize, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(name.length, 28);
      header.writeUInt16LE(extra.length, 30);
      header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      header.writeUInt32LE(needs64 ? MAX32 : entry.offset, 42);
      parts.push(header, name, extra);
    }
    const size = parts.reduce((n, p) => n + p.length, 0);
    const count = this.written.length;
    const needs64 = count >= MAX16 || start >= MAX32 || size >= MAX32;
    if (needs64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE((3 << 8) | 45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(size), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(start + size), 8);
      locator.writeUInt32LE(1, 16);
      parts.push(record, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(count, MAX16), 8);
    end.writeUInt16LE(Math.min(count, MAX16), 10);
    end.writeUInt32LE(Math.min(size, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    parts.push(end);
    return Buffer.concat(parts);
  }
}
