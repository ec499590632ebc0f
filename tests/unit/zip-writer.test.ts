import { deflateRawSync, crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ZipWriter } from "@/lib/zip/zip-writer";
import { rawEntries } from "@/lib/zip/zip-reader";
import { localHeaders, unzip } from "../support/zip";

async function collect(chunks: AsyncIterable<Uint8Array>, tail: () => Uint8Array): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  parts.push(tail());
  return Buffer.concat(parts);
}

describe("ZipWriter", () => {
  it("writes stored files and copies deflated entries without recompressing them", async () => {
    const text = Buffer.from("labels ".repeat(500));
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.file("batch_id.txt", "1234\n");
      const deflated = deflateRawSync(text);
      yield* zip.entry({ name: "job/labels.json", method: 8, crc32: crc32(text), compressedSize: deflated.length, size: text.length, modified: new Date("2026-01-02T03:04:06Z") }, deflated);
    }
    const archive = await collect(entries(), () => zip.finish());
    const files = await unzip(archive);
    expect(files.get("batch_id.txt")!.toString()).toBe("1234\n");
    expect(files.get("job/labels.json")!.equals(text)).toBe(true);
    expect(archive.length).toBeLessThan(text.length); // still compressed

    // Copying the archive's own entries into a new one gives the same files.
    const copy = new ZipWriter();
    async function* copied() {
      for await (const { entry, data } of rawEntries(archive)) yield* copy.entry(entry, data);
    }
    const again = await unzip(await collect(copied(), () => copy.finish()));
    expect([...again.keys()]).toEqual([...files.keys()]);
    expect(again.get("job/labels.json")!.equals(text)).toBe(true);
  });

  it("switches to Zip64 end records past 65,535 entries", async () => {
    const zip = new ZipWriter();
    const count = 66_000;
    async function* many() {
      for (let i = 0; i < count; i++) yield* zip.file(`f/${i}.txt`, String(i % 10));
    }
    const files = await unzip(await collect(many(), () => zip.finish()));
    expect(files.size).toBe(count);
    expect(files.get("f/65999.txt")!.toString()).toBe("9");
  }, 60_000);

  it("refuses an entry whose bytes do not match its declared size", async () => {
    const zip = new ZipWriter();
    const broken = zip.entry({ name: "x", method: 0, crc32: 0, compressedSize: 10, size: 10, modified: new Date() }, Buffer.from("short"));
    await expect(collect(broken, () => new Uint8Array())).rejects.toThrow("expected 10 bytes, got 5");
  });
});

describe("ZipWriter.streamed", () => {
  it("writes files of unknown size with a data descriptor, stored or deflated, readable by yauzl", async () => {
    const text = Buffer.from("keypoints ".repeat(2_000));
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251));
    async function* chunks(buffer: Buffer, size: number) {
      for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
    }
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.streamed("job/labels.json", chunks(text, 1000), { compress: true });
      yield* zip.streamed("job/video.mp4", chunks(binary, 4096), { compress: false });
      yield* zip.file("batch_id.txt", "x");
    }
    const archive = await collect(entries(), () => zip.finish());
    expect(archive.length).toBeLessThan(text.length + binary.length);
    const files = await unzip(archive);
    expect(files.get("job/labels.json")!.equals(text)).toBe(true);
    expect(files.get("job/video.mp4")!.equals(binary)).toBe(true);
    expect(files.get("batch_id.txt")!.toString()).toBe("x");
    // And such an archive's entries can be copied on, still compressed.
    const copy = new ZipWriter();
    async function* copied() {
      for await (const { entry, data } of rawEntries(archive)) yield* copy.entry(entry, data);
    }
    const again = await unzip(await collect(copied(), () => copy.finish()));
    expect(again.get("job/video.mp4")!.equals(binary)).toBe(true);
  });
});

describe("ZipWriter.add", () => {
  it("deflates small text in one call with its sizes in the header, and streams large or stored files", async () => {
    const text = Buffer.from("annotations ".repeat(3_000));
    const video = Buffer.from(Array.from({ length: 1_200_000 }, (_, i) => (i * 31) % 256));
    const opened: string[] = [];
    const source = (name: string, bytes: Buffer, compress: boolean) => ({
      name,
      size: bytes.length,
      compress,
      open: async () => {
        opened.push(name);
        return (async function* () {
          for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
        })();
      },
    });
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.add(source("job/labels.json", text, true));
      yield* zip.add(source("job/video.mp4", video, false));
    }
    const archive = await collect(entries(), () => zip.finish());
    expect(opened).toEqual(["job/labels.json", "job/video.mp4"]);
    // Local header of the JSON: deflated (8), no data-descriptor flag, sizes filled in.
    expect(archive.readUInt16LE(6) & 0x0008).toBe(0);
    expect(archive.readUInt16LE(8)).toBe(8);
    expect(archive.readUInt32LE(22)).toBe(text.length);
    expect(archive.readUInt32LE(14)).toBe(crc32(text));
    const files = await unzip(archive);
    expect(files.get("job/labels.json")!.equals(text)).toBe(true);
    expect(files.get("job/video.mp4")!.equals(video)).toBe(true);
  });

  it("deflates text of a few MB in one call off the event loop, still with its sizes in the header", async () => {
    const labels = Buffer.from(JSON.stringify(Array.from({ length: 80_000 }, (_, i) => ({ id: i, bbox: [i % 97, i % 89, 40, 80] }))));
    expect(labels.length).toBeGreaterThan(2 * 1024 * 1024);
    const zip = new ZipWriter();
    const source = {
      name: "job/labels.json",
      size: labels.length,
      compress: true,
      open: async () =>
        (async function* () {
          for (let i = 0; i < labels.length; i += 512 * 1024) yield labels.subarray(i, i + 512 * 1024);
        })(),
    };
    const archive = await collect(zip.add(source), () => zip.finish());
    expect(localHeaders(archive)).toEqual([{ name: "job/labels.json", method: 8, sizesAfterData: false }]);
    expect(archive.readUInt32LE(22)).toBe(labels.length);
    expect(archive.length).toBeLessThan(labels.length / 3);
    expect((await unzip(archive)).get("job/labels.json")!.equals(labels)).toBe(true);
  });

  it("copies a stored file whose CRC was recorded ahead with its sizes and CRC in the header", async () => {
    const video = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 13) % 256));
    const source = (size: number) => ({
      name: "job/video.mp4",
      size,
      compress: false,
      crc32: crc32(video),
      open: async () =>
        (async function* () {
          for (let i = 0; i < video.length; i += 65_536) yield video.subarray(i, i + 65_536);
        })(),
    });
    const zip = new ZipWriter();
    async function* entries() {
      yield* zip.add(source(video.length));
      yield* zip.file("batch_id.txt", "x");
    }
    const archive = await collect(entries(), () => zip.finish());
    expect(localHeaders(archive)).toEqual([
      { name: "job/video.mp4", method: 0, sizesAfterData: false },
      { name: "batch_id.txt", method: 0, sizesAfterData: false },
    ]);
    expect(archive.readUInt32LE(14)).toBe(crc32(video));
    expect(archive.readUInt32LE(18)).toBe(video.length);
    expect((await unzip(archive)).get("job/video.mp4")!.equals(video)).toBe(true);
    // A file that changed size since its CRC was recorded is refused, not sent wrong.
    const stale = new ZipWriter().add(source(video.length + 1));
    await expect(collect(stale, () => new Uint8Array())).rejects.toThrow(`expected ${video.length + 1} bytes, got ${video.length}`);
  });
});
