import { LOCAL_HEADER, assertSameEntry, locateCentralDirectory, parseCentralDirectory, type CentralEntry } from "./central-directory";
import { EntryRules, type CheckedEntry, type ZipLimits } from "./limits";
import { describeBytes } from "@/lib/format/bytes";
import { ZipRefusal, quoteName } from "./refusal";
import type { ZipItem } from "./zip-stream-reader";

/** Bytes `start`–`end` inclusive, or the last `suffix`. */
export type ByteRange = { start: number; end: number } | { suffix: number };

/** An answer to a ranged read: the bytes asked for, or (`partial: null`) the whole zip from its start. */
export interface RangeAnswer {
  body: ReadableStream<Uint8Array>;
  partial: { start: number; end: number; total: number } | null;
}

export type ReadRange = (range: ByteRange) => Promise<RangeAnswer>;

/**
 * The end of a zip holds its end record, a comment of up to 65,535 bytes, and before them the
 * Zip64 end record and locator (76 bytes): one read of this many bytes finds the central
 * directory, and for a job's handful of files holds the directory itself too.
 */
const TAIL_BYTES = 22 + 0xffff + 76;

export interface RangedEntry extends CheckedEntry {
  central: CentralEntry;
}

/** A zip read in byte ranges: its accepted entries by path (inside the job's folder). */
export interface RangedZip {
  entries: Map<string, RangedEntry>;
  /** Bytes fetched so far, against the limit. */
  fetched: { bytes: number };
}

async function readAll(body: ReadableStream<Uint8Array>, expected: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > expected) throw new ZipRefusal("The result server sent more bytes than the range asked for.");
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (length !== expected) throw new ZipRefusal("The result server sent fewer bytes than the range asked for.");
  return Buffer.concat(chunks);
}

/** A later range must be answered as a range: a server that answered the first one partially and then sends everything is not trusted. */
async function partial(read: ReadRange, range: { start: number; end: number }, zip: RangedZip, limits: ZipLimits): Promise<RangeAnswer & { partial: NonNullable<RangeAnswer["partial"]> }> {
  zip.fetched.bytes += range.end - range.start + 1;
  if (zip.fetched.bytes > limits.maxBytes) throw new ZipRefusal(`Reading this file would take more than the ${describeBytes(limits.maxBytes)} a job's zip may have.`);
  const answer = await read(range);
  if (!answer.partial) {
    await answer.body.cancel().catch(() => undefined);
    throw new ZipRefusal("The result server stopped answering byte ranges.");
  }
  return answer as RangeAnswer & { partial: NonNullable<RangeAnswer["partial"]> };
}

/**
 * A remote job's zip opened through its central directory, in byte ranges: its last bytes (the
 * end record, and usually the directory with them), then the directory if it was further back.
 * Every listed entry must pass the same rules as a zip read front to back. Null, with the
 * response, when the server answered the first range with the whole zip: the caller then reads
 * that front to back (`streamedEntries`) instead of asking again.
 */
export async function openRangedZip(read: ReadRange, limits: ZipLimits): Promise<RangedZip | { whole: ReadableStream<Uint8Array> }> {
  const first = await read({ suffix: TAIL_BYTES });
  if (!first.partial) return { whole: first.body };
  const { start, end, total } = first.partial;
  const zip: RangedZip = { entries: new Map(), fetched: { bytes: end - start + 1 } };
  if (total > limits.maxBytes) {
    await first.body.cancel().catch(() => undefined);
    throw new ZipRefusal(`The result is larger than the ${describeBytes(limits.maxBytes)} a job's zip may have.`);
  }
  const tail = await readAll(first.body, end - start + 1);
  const location = locateCentralDirectory(tail, start, total, limits.maxEntries);
  let directory: Buffer;
  if (location.offset >= start) {
    directory = tail.subarray(location.offset - start, location.offset - start + location.size);
  } else {
    const range = { start: location.offset, end: location.offset + location.size - 1 };
    directory = await readAll((await partial(read, range, zip, limits)).body, location.size);
  }
  const rules = new EntryRules(limits);
  for (const central of parseCentralDirectory(directory, location.count)) {
    const checked = rules.check(central);
    if (central.localOffset + 30 + central.compressedSize > location.offset) throw new ZipRefusal(`Entry ${quoteName(central.name)} lies past the start of the zip's central directory.`);
    if (!checked.folder) zip.entries.set(checked.path, { ...checked, central });
  }
  return zip;
}

/**
 * One entry's still-compressed bytes, in two ranges: its local header (which must agree with
 * the central directory), then its data, passed on as it arrives. Exactly `compressedSize`
 * bytes are given, or the read fails.
 */
export async function rangedEntry(read: ReadRange, zip: RangedZip, entry: RangedEntry, limits: ZipLimits): Promise<ZipItem> {
  const { central } = entry;
  const offset = central.localOffset;
  const header = await readAll((await partial(read, { start: offset, end: offset + 29 }, zip, limits)).body, 30);
  if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipRefusal(`Entry ${quoteName(central.name)} has no local header where the central directory points.`);
  const variableLength = header.readUInt16LE(26) + header.readUInt16LE(28);
  const nameLength = header.readUInt16LE(26);
  const dataStart = offset + 30 + variableLength;
  const span = variableLength + central.compressedSize;
  if (span === 0) return { entry: entry.entry, path: entry.path, data: (async function* () {})() };
  const answer = await partial(read, { start: offset + 30, end: offset + 30 + span - 1 }, zip, limits);
  if (dataStart + central.compressedSize > answer.partial.total) throw new ZipRefusal(`Entry ${quoteName(central.name)} runs past the end of the zip.`);
  const reader = answer.body.getReader();
  let pending = Buffer.alloc(0);
  // The name and extra field first: the local header must name the same entry with the same sizes.
  while (pending.length < variableLength) {
    const { value, done } = await reader.read();
    if (done) throw new ZipRefusal(`The zip ended inside entry ${quoteName(central.name)}'s header.`);
    pending = Buffer.concat([pending, value]);
  }
  const local = {
    name: pending.toString("utf8", 0, nameLength),
    flags: header.readUInt16LE(6),
    method: header.readUInt16LE(8),
    crc32: header.readUInt32LE(14),
    compressedSize: header.readUInt32LE(18),
    size: header.readUInt32LE(22),
    modified: central.modified,
  };
  try {
    assertSameEntry(local, central);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  const first = pending.subarray(variableLength);
  async function* data(): AsyncGenerator<Uint8Array> {
    let left = central.compressedSize;
    try {
      if (first.length) {
        if (first.length > left) throw new ZipRefusal("The result server sent more bytes than the range asked for.");
        left -= first.length;
        yield first;
      }
      while (left > 0) {
        const { value, done } = await reader.read();
        if (done) throw new ZipRefusal(`The zip ended ${left} bytes into entry ${quoteName(central.name)}.`);
        if (value.byteLength > left) throw new ZipRefusal("The result server sent more bytes than the range asked for.");
        left -= value.byteLength;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
  return { entry: entry.entry, path: entry.path, data: data() };
}
