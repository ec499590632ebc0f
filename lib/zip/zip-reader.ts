import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import yauzl from "yauzl";
import { assertSameEntry } from "./central-directory";
import type { DeclaredEntry, EntryRules } from "./limits";
import { ZipRefusal, isZipRefusal, quoteName } from "./refusal";
import type { ZipItem } from "./zip-stream-reader";
import type { RawEntry } from "./zip-writer";

const SPOOL_WRITE_BYTES = 1024 * 1024;

/** A zip's bytes from `base` to its end, for yauzl: the central directory and the entries there. */
class TailReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly tail: Buffer,
    private readonly base: number,
  ) {
    super();
  }

  _readStreamForRange(start: number, end: number): Readable {
    if (start < this.base) throw new Error(`bytes ${start}–${end} of the zip are no longer held`);
    return Readable.from([this.tail.subarray(start - this.base, end - this.base)]);
  }
}

/** The same, from a file that holds the zip from `base` on. */
class SpoolReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly file: string,
    private readonly base: number,
  ) {
    super();
  }

  /**
   * Bytes before `base` were passed on and are not kept: they read as zeros. yauzl reads there
   * only while looking backwards for the end record (its last 64 kB, which may reach back
   * past a short spool), and zeros hold no signature; entries before `base` are never opened.
   */
  _readStreamForRange(start: number, end: number): Readable {
    const zeros = Math.max(0, Math.min(end, this.base) - start);
    const from = Math.max(start, this.base);
    const file = this.file;
    const base = this.base;
    return Readable.from(
      (async function* () {
        if (zeros) yield Buffer.alloc(zeros);
        if (end > from) yield* createReadStream(file, { start: from - base, end: end - base - 1 });
      })(),
    );
  }
}

function openZip(reader: yauzl.RandomAccessReader, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (error, file) => (error || !file ? reject(error) : resolve(file)));
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise<yauzl.Entry | null>((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(error));
    const cleanup = () => (zip.off("entry", onEntry), zip.off("end", onEnd), zip.off("error", onError));
    zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
    zip.readEntry();
  });
}

function rawStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  // Deflated bytes are copied on as they are (or inflated by the caller, checked): yauzl is asked for the raw bytes only.
  const options = entry.compressionMethod === 8 ? { decompress: false } : {};
  return new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, options, (error, stream) => (error || !stream ? reject(error) : resolve(stream))));
}

/** yauzl's own refusals (a bad signature, a central directory past the end) as sentences. */
function unreadable(error: unknown): Error {
  if (isZipRefusal(error)) return error;
  return new ZipRefusal(`The zip cannot be read: ${(error as Error).message}.`);
}

/**
 * The rest of a job's zip from `base` on (its earlier entries were read front to back and
 * are in `seen`, by offset), written to a temporary file as it arrives and then read through
 * its central directory: an entry whose sizes follow its data can only be found that way. The
 * central directory must list the entries already seen exactly as their headers did, and each
 * further entry passes `rules`. Memory holds a chunk at a time; `chunks` is already bounded by
 * the caller's byte limit, so the file is too. The file is removed however the reading ends.
 */
export async function* spooledEntries(chunks: AsyncIterable<Uint8Array>, base: number, rules: EntryRules, seen: Map<number, DeclaredEntry>, spoolDir = tmpdir()): AsyncGenerator<ZipItem> {
  const dir = await mkdtemp(path.join(spoolDir, "infinity-zip-"));
  let zip: yauzl.ZipFile | undefined;
  try {
    const file = path.join(dir, "tail.zip");
    const handle = await open(file, "w");
    let size = 0;
    try {
      // Written a MiB at a time: each write is a hand-off to the thread pool, and responses
      // arrive in pieces of 16–64 kB.
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes) await handle.write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      for await (const chunk of chunks) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        size += chunk.length;
        if (pendingBytes >= SPOOL_WRITE_BYTES) await flush();
      }
      await flush();
    } finally {
      await handle.close();
    }
    const opened = await openZip(new SpoolReader(file, base), base + size).catch((error: unknown) => Promise.reject(unreadable(error)));
    zip = opened;
    let listedBefore = 0;
    for (;;) {
      const next = await nextEntry(opened).catch((error: unknown) => Promise.reject(unreadable(error)));
      if (!next) break;
      const declared: DeclaredEntry = {
        name: next.fileNameRaw.toString("utf8"),
        flags: next.generalPurposeBitFlag,
        method: next.compressionMethod,
        crc32: next.crc32,
        compressedSize: next.compressedSize,
        size: next.uncompressedSize,
        modified: next.getLastModDate({ timezone: "UTC" }),
      };
      if (next.relativeOffsetOfLocalHeader < base) {
        const local = seen.get(next.relativeOffsetOfLocalHeader);
        if (!local) throw new ZipRefusal(`The zip's central directory lists ${quoteName(declared.name)} where no entry starts.`);
        assertSameEntry(local, { ...declared, localOffset: next.relativeOffsetOfLocalHeader });
        listedBefore++;
        continue;
      }
      const checked = rules.check(declared);
      if (checked.folder) continue;
      const data = await rawStream(opened, next).catch((error: unknown) => Promise.reject(unreadable(error)));
      try {
        yield { entry: checked.entry, path: checked.path, data };
      } finally {
        data.destroy();
      }
    }
    if (listedBefore !== seen.size) throw new ZipRefusal("The zip's central directory does not list every entry it holds.");
  } finally {
    zip?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The entries of a zip held in memory, each with its still-compressed bytes, ready to be
 * copied into another archive by `ZipWriter.entry` without inflating anything. For zips this
 * process wrote itself (tests); a zip from elsewhere goes through `streamedEntries`, which
 * checks every entry. With `base`, the buffer holds the zip from that offset on.
 */
export async function* rawEntries(buffer: Uint8Array, base = 0): AsyncGenerator<{ entry: RawEntry; data: Readable }> {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (error: Error | null, file?: yauzl.ZipFile) => (error || !file ? reject(error) : resolve(file));
    if (base === 0) yauzl.fromBuffer(bytes, { lazyEntries: true }, done);
    else yauzl.fromRandomAccessReader(new TailReader(bytes, base), base + bytes.length, { lazyEntries: true }, done);
  });
  try {
    while (true) {
      const next = await nextEntry(zip);
      if (!next) return;
      if (next.fileName.endsWith("/") || next.relativeOffsetOfLocalHeader < base) continue;
      const data = await rawStream(zip, next);
      yield {
        entry: { name: next.fileName, method: next.compressionMethod, crc32: next.crc32, compressedSize: next.compressedSize, size: next.uncompressedSize, modified: next.getLastModDate() },
        data,
      };
    }
  } finally {
    zip.close();
  }
}
