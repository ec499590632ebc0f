import { Readable } from "node:stream";
import yauzl from "yauzl";
import type { RawEntry } from "./zip-writer";

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

/**
 * The entries of a zip held in memory, each with its still-compressed bytes, ready to be
 * copied into another archive by `ZipWriter.entry` without inflating anything. With `base`,
 * the buffer holds the zip from that offset on (its start already read and passed on), and
 * only the entries there are given.
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
      const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
        const onEnd = () => (cleanup(), resolve(null));
        const onError = (error: Error) => (cleanup(), reject(error));
        const cleanup = () => (zip.off("entry", onEntry), zip.off("end", onEnd), zip.off("error", onError));
        zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
        zip.readEntry();
      });
      if (!next) return;
      if (next.fileName.endsWith("/") || next.relativeOffsetOfLocalHeader < base) continue;
      const data = await new Promise<Readable>((resolve, reject) => zip.openReadStream(next, next.isCompressed() ? { decompress: false } : {}, (error, stream) => (error || !stream ? reject(error) : resolve(stream))));
      yield {
        entry: { name: next.fileName, method: next.compressionMethod, crc32: next.crc32, compressedSize: next.compressedSize, size: next.uncompressedSize, modified: next.getLastModDate() },
        data,
      };
    }
  } finally {
    zip.close();
  }
}
