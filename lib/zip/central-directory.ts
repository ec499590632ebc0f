import { MAX_CENTRAL_DIRECTORY_BYTES, dosDate, type DeclaredEntry } from "./limits";
import { ZipRefusal, quoteName } from "./refusal";

export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;

/** An entry as the central directory lists it, with where its local header starts. */
export interface CentralEntry extends DeclaredEntry {
  localOffset: number;
}

/** One central directory record: its 46 fixed bytes, then name, extra field and comment. */
export function readCentralRecord(fixed: Buffer, variable: Buffer): CentralEntry {
  const nameLength = fixed.readUInt16LE(28);
  const extraLength = fixed.readUInt16LE(30);
  let compressedSize = fixed.readUInt32LE(20);
  let size = fixed.readUInt32LE(24);
  let localOffset = fixed.readUInt32LE(42);
  // Zip64: the fields that overflowed are in extra field 0x0001, in this order.
  if (compressedSize === MAX32 || size === MAX32 || localOffset === MAX32) {
    const extra = variable.subarray(nameLength, nameLength + extraLength);
    let at = 0;
    let found: Buffer | undefined;
    while (at + 4 <= extra.length) {
      const id = extra.readUInt16LE(at);
      const length = extra.readUInt16LE(at + 2);
      if (id === 0x0001) found = extra.subarray(at + 4, at + 4 + length);
      at += 4 + length;
    }
    if (!found) throw new ZipRefusal("The zip's central directory has sizes too large for it and no Zip64 field.");
    let field = 0;
    const next = () => {
      if (field + 8 > found.length) throw new ZipRefusal("The zip's Zip64 field is too short.");
      const value = Number(found.readBigUInt64LE(field));
      field += 8;
      return value;
    };
    if (size === MAX32) size = next();
    if (compressedSize === MAX32) compressedSize = next();
    if (localOffset === MAX32) localOffset = next();
  }
  return {
    name: variable.toString("utf8", 0, nameLength),
    flags: fixed.readUInt16LE(8),
    method: fixed.readUInt16LE(10),
    modified: dosDate(fixed.readUInt16LE(12), fixed.readUInt16LE(14)),
    crc32: fixed.readUInt32LE(16),
    compressedSize,
    size,
    localOffset,
  };
}

/** Lengths of a central record's name, extra field and comment, from its fixed part. */
export function centralVariableLength(fixed: Buffer): number {
  return fixed.readUInt16LE(28) + fixed.readUInt16LE(30) + fixed.readUInt16LE(32);
}

/** Every record of a central directory held whole. */
export function parseCentralDirectory(directory: Buffer, count: number): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) throw new ZipRefusal("The zip's central directory is shorter than it says.");
    const fixed = directory.subarray(at, at + 46);
    const length = centralVariableLength(fixed);
    if (at + 46 + length > directory.length) throw new ZipRefusal("The zip's central directory is cut off.");
    entries.push(readCentralRecord(fixed, directory.subarray(at + 46, at + 46 + length)));
    at += 46 + length;
  }
  return entries;
}

export interface CentralDirectoryLocation {
  offset: number;
  size: number;
  count: number;
}

/**
 * Where the central directory is, from the last bytes of a zip (`tail`, which starts at
 * `tailOffset` of a zip of `total` bytes): the end record, found backwards so that a comment
 * cannot pose as one, and the Zip64 end record before it when the classic fields overflowed.
 */
export function locateCentralDirectory(tail: Buffer, tailOffset: number, total: number, maxEntries: number): CentralDirectoryLocation {
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipRefusal("The result is not a zip (no end of central directory).");
  let count = tail.readUInt16LE(end + 10);
  let size = tail.readUInt32LE(end + 12);
  let offset = tail.readUInt32LE(end + 16);
  if (count === MAX16 || size === MAX32 || offset === MAX32) {
    const locator = end - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipRefusal("The zip's Zip64 end record cannot be found.");
    const record = Number(tail.readBigUInt64LE(locator + 8)) - tailOffset;
    if (record < 0 || record + 56 > tail.length || tail.readUInt32LE(record) !== ZIP64_END) throw new ZipRefusal("The zip's Zip64 end record cannot be found.");
    count = Number(tail.readBigUInt64LE(record + 32));
    size = Number(tail.readBigUInt64LE(record + 40));
    offset = Number(tail.readBigUInt64LE(record + 48));
  }
  if (count > maxEntries) throw new ZipRefusal(`The zip holds ${count} entries, more than the ${maxEntries} accepted.`);
  if (size > MAX_CENTRAL_DIRECTORY_BYTES || size < count * 46) throw new ZipRefusal("The zip's central directory has an impossible size.");
  if (offset + size > total) throw new ZipRefusal("The zip's central directory lies past its end.");
  return { offset, size, count };
}

/**
 * A local header (read front to back) and the central directory must describe the same entry:
 * readers that trust one or the other would otherwise see different files in one zip.
 */
export function assertSameEntry(local: DeclaredEntry, central: CentralEntry | undefined): void {
  if (!central) throw new ZipRefusal(`Entry ${quoteName(local.name)} is missing from the zip's central directory.`);
  const sizesAfterData = (local.flags & 0x0008) !== 0;
  const same =
    central.name === local.name &&
    central.method === local.method &&
    (sizesAfterData || (central.crc32 >>> 0 === local.crc32 >>> 0 && central.compressedSize === local.compressedSize && central.size === local.size));
  if (!same) throw new ZipRefusal(`Entry ${quoteName(local.name)} is described differently by its header and by the zip's central directory.`);
}
