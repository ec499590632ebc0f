import { createInflateRaw, crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { spacesBomb, twoGibLabels } from "../support/hostile-zips";

describe("the hand-written deflate bomb the hostile tests send", () => {
  it("inflates to exactly its prefix and spaces, with the CRC-32 it declares", () => {
    const prefix = Buffer.from('{"images":[]}');
    for (const repeats of [0, 1, 7, 1000]) {
      const bomb = spacesBomb(prefix, repeats);
      const content = inflateRawSync(bomb.deflated);
      expect(content.length).toBe(bomb.size);
      expect(content.equals(Buffer.concat([prefix, Buffer.alloc(1 + 258 * repeats, 0x20)]))).toBe(true);
      expect(crc32(content)).toBe(bomb.crc32);
    }
  });

  it("is about 2 MB for 2 GiB of labels, and really inflates that far", async () => {
    const bomb = await twoGibLabels();
    expect(bomb.size).toBeGreaterThan(2 * 1024 ** 3 - 300);
    expect(bomb.deflated.length).toBeLessThan(2.1e6);
    // Inflating it all would take seconds: count the first 64 MiB, and check they are what it says.
    const inflater = createInflateRaw();
    let seen = 0;
    let last = "";
    await new Promise<void>((resolve, reject) => {
      inflater.on("data", (chunk: Buffer) => {
        if (seen === 0) last = chunk.subarray(0, 46).toString();
        seen += chunk.length;
        if (seen >= 64 * 1024 * 1024) {
          inflater.destroy();
          resolve();
        }
      });
      inflater.on("error", reject);
      inflater.end(bomb.deflated);
    });
    expect(last).toBe('{"images":[],"annotations":[],"categories":[]}');
    expect(seen).toBeGreaterThanOrEqual(64 * 1024 * 1024);
  });
});
