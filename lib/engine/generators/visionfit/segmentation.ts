/**
 * segmentation.zip: per frame an instance mask (`image.NNNNNN.iseg.png`) and a semantic mask
 * (`image.NNNNNN.cseg.png`), 8-bit single channel, white person on black. With one person the
 * two masks are the same image, so it is encoded once and stored twice. Entries are stored
 * (PNG is already compressed) with a fixed timestamp, so the archive is reproducible.
 */
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { ZipFile } from "yazl";

const MTIME = new Date("2024-01-01T00:00:00Z");

export const frameName = (frame: number): string => `image.${String(frame).padStart(6, "0")}`;

export class SegmentationZip {
  private readonly zip = new ZipFile();
  private readonly done: Promise<void>;
  /** Entries are added in frame order even though their PNGs finish encoding out of order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(path: string) {
    const out = createWriteStream(path);
    this.zip.outputStream.pipe(out);
    this.done = finished(out);
  }

  add(frame: number, png: Promise<Buffer>): Promise<void> {
    const name = frameName(frame);
    this.chain = this.chain.then(async () => {
      const buf = await png;
      this.zip.addBuffer(buf, `${name}.iseg.png`, { compress: false, mtime: MTIME });
      this.zip.addBuffer(buf, `${name}.cseg.png`, { compress: false, mtime: MTIME });
    });
    return this.chain;
  }

  async finish(): Promise<void> {
    await this.chain;
    this.zip.end();
    await this.done;
  }

  /** Closes the archive after an error, swallowing pending failures. */
  async abandon(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.zip.end();
    await this.done.catch(() => undefined);
  }
}
