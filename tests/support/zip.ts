import yauzl from "yauzl";

/** Reads every entry of a zip held in memory: name → bytes. */
export function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const files = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(files));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/**
 * Each entry's name, method and whether its sizes follow its bytes (general-purpose bit 3),
 * read off the local headers in order, as a forward-only reader (Java's ZipInputStream) meets
 * them. Such a reader cannot find the end of a *stored* entry whose sizes come after it.
 */
export function localHeaders(buffer: Buffer): { name: string; method: number; sizesAfterData: boolean }[] {
  const headers: { name: string; method: number; sizesAfterData: boolean }[] = [];
  let offset = 0;
  while (buffer.readUInt32LE(offset) === 0x04034b50) {
    const flags = buffer.readUInt16LE(offset + 6);
    const method = buffer.readUInt16LE(offset + 8);
    const compressedSize = buffer.readUInt32LE(offset + 18);
    const nameLength = buffer.readUInt16LE(offset + 26);
    const extraLength = buffer.readUInt16LE(offset + 28);
    const name = buffer.toString("utf8", offset + 30, offset + 30 + nameLength);
    const sizesAfterData = (flags & 0x0008) !== 0;
    headers.push({ name, method, sizesAfterData });
    // Only entries with their sizes up front can be stepped over without inflating them.
    if (sizesAfterData) break;
    offset += 30 + nameLength + extraLength + compressedSize;
  }
  return headers;
}
