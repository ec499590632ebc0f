import type { Readable } from "node:stream";
import yauzl from "yauzl";
import type { RawEntry } from "./zip-writer";

/**
 * The entries of a zip held in memory, each with its still-compressed bytes, ready to be
 * copied into another archive by `ZipWriter.entry` without inflating anything.
 */
export async function* rawEntries(buffer: Uint8Array): AsyncGenerator<{ entry: RawEntry; data: Readable }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), { lazyEntries: true }, (error, file) => (error || !file ? reject(error) : resolve(file))),
  );
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
      if (next.fileName.endsWith("/")) continue;
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
