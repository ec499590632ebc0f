import { describe, expect, it } from "vitest";
import { deflateRawSync, crc32 } from "node:zlib";
import { entryBytes, verifiedCopy } from "@/lib/zip/checked-inflate";
import { isSafeJobFolder, jobEntryPath } from "@/lib/zip/entry-name";
import { EntryRules } from "@/lib/zip/limits";
import { describeBytes } from "@/lib/format/bytes";

const JOB = "3f2b1c4d-0000-4000-8000-000000000001";

async function* chunks(bytes: Buffer, size = 1000) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("entry names inside a job's zip", () => {
  it("accepts files and folders inside the job's folder, giving their path there", () => {
    expect(jobEntryPath(`${JOB}/labels.json`, JOB)).toBe("labels.json");
    expect(jobEntryPath(`${JOB}/frames/0001.png`, JOB)).toBe("frames/0001.png");
    expect(jobEntryPath(`${JOB}/frames/`, JOB)).toBe("frames/");
    expect(jobEntryPath(`${JOB}/`, JOB)).toBe("");
    expect(jobEntryPath(`${JOB}/é.json`, JOB)).toBe("é.json");
  });

  it.each([
    ["../../x", /a "\.\." segment/],
    [`${JOB}/../../x`, /a "\.\." segment/],
    [`${JOB}/./x`, /a "\." segment/],
    ["/etc/passwd", /an absolute path/],
    ["C:/Windows/x", /a drive letter/],
    ["c:x", /a drive letter/],
    [`${JOB}\\..\\x`, /a backslash/],
    [`${JOB}/x:stream`, /a colon/],
    [`${JOB}/x\u0000.png`, /a control character/],
    [`${JOB}/x\u001b[31m`, /a control character/],
    [`${JOB}//x`, /an empty path segment/],
    [`${JOB}/\ufffd.png`, /not UTF-8/],
    [`${JOB}/${"a".repeat(256)}`, /longer than 255 bytes/],
    [`${JOB}/${"a/".repeat(600)}x`, /longer than 1024 bytes/],
    ["other-job/labels.json", /outside the folder/],
    [JOB, /no file name inside the folder/],
    ["labels.json", /outside the folder/],
  ])("refuses %j", (name, problem) => {
    expect(() => jobEntryPath(name, JOB)).toThrow(problem);
    expect(() => jobEntryPath(name, JOB)).toThrow(/only files inside the folder/);
  });

  it("accepts only job ids that are safe folder names", () => {
    for (const id of [JOB, "job_1", "a.b-c"]) expect(isSafeJobFolder(id)).toBe(true);
    for (const id of ["..", ".", "../x", "a/b", "a\\b", "", ".hidden", "x".repeat(129), "a b", "C:"]) expect(isSafeJobFolder(id)).toBe(false);
    expect(() => jobEntryPath("../x", "..")).toThrow(/cannot be used as a folder name/);
  });
});

describe("the rules every entry passes", () => {
  const limits = { folder: JOB, maxBytes: 1000, maxEntryBytes: 500, maxTotalBytes: 800, maxEntries: 3 };
  const entry = (name: string, fields: Partial<{ method: number; flags: number; size: number; compressedSize: number }> = {}) => ({
    name: `${JOB}/${name}`,
    flags: 0,
    method: 0,
    crc32: 0,
    size: 10,
    compressedSize: 10,
    modified: new Date(),
    ...fields,
  });

  it("refuses encryption, other methods, stored size mismatches, sizes past the limits, duplicates and too many entries", () => {
    const rules = () => new EntryRules(limits);
    expect(() => rules().check(entry("a", { flags: 1 }))).toThrow(/is encrypted/);
    expect(() => rules().check(entry("a", { method: 12 }))).toThrow(/compression method 12/);
    expect(() => rules().check(entry("a", { size: 11 }))).toThrow(/is stored but declares 10 B stored for 11 B/);
    expect(() => rules().check(entry("a", { method: 8, size: 501, compressedSize: 20 }))).toThrow(/declares 501 B, more than the 500 B a result file may have here/);
    const total = rules();
    total.check(entry("a", { method: 8, size: 500 }));
    expect(() => total.check(entry("b", { method: 8, size: 301 }))).toThrow(/declares more than 800 B of content in all/);
    const twice = rules();
    twice.check(entry("a"));
    expect(() => twice.check(entry("a"))).toThrow(/holds "[^"]+\/a" twice/);
    const many = rules();
    for (const name of ["a", "b", "c"]) many.check(entry(name));
    expect(() => many.check(entry("d"))).toThrow(/more than 3 entries/);
  });
});

describe("checked inflation", () => {
  const content = Buffer.from("x".repeat(100_000));
  const deflated = deflateRawSync(content);
  const declared = { name: `${JOB}/labels.json`, size: content.length, crc32: crc32(content) };

  it("inflates an entry that is what it declares", async () => {
    expect((await entryBytes(chunks(deflated), 8, declared)).equals(content)).toBe(true);
    const copied: Uint8Array[] = [];
    for await (const chunk of verifiedCopy(chunks(deflated), 8, declared)) copied.push(chunk);
    expect(Buffer.concat(copied).equals(deflated)).toBe(true);
  });

  it("stops just past a declared size that is too small, and refuses sizes and CRCs that do not hold", async () => {
    await expect(entryBytes(chunks(deflated), 8, { ...declared, size: 1000 })).rejects.toThrow(/declares 1 kB but inflates to more/);
    await expect(entryBytes(chunks(deflated), 8, { ...declared, size: content.length + 1 })).rejects.toThrow(/declares 100,001 B but inflates to 100,000 B/);
    await expect(entryBytes(chunks(deflated), 8, { ...declared, crc32: 1 })).rejects.toThrow(/does not match its CRC-32/);
    await expect(entryBytes(chunks(Buffer.from("not deflate data at all")), 8, declared)).rejects.toThrow(/is not valid deflate data/);
    await expect(entryBytes(chunks(deflated.subarray(0, 50)), 8, declared)).rejects.toThrow(/is not valid deflate data|inflates to/);
    await expect(entryBytes(chunks(content), 0, { ...declared, size: 10 })).rejects.toThrow(/holds more bytes than it declares/);
    const copy = async (size: number) => {
      for await (const chunk of verifiedCopy(chunks(deflated), 8, { ...declared, size })) void chunk;
    };
    await expect(copy(1000)).rejects.toThrow(/declares 1 kB but inflates to more/);
    await expect(copy(content.length + 5)).rejects.toThrow(/but inflates to/);
  });

  it("checks an entry too large for one call as a stream, with the same refusals", async () => {
    const large = Buffer.alloc(20 * 1024 * 1024, 0x78);
    const packed = deflateRawSync(large);
    const expected = { name: `${JOB}/labels.json`, size: large.length, crc32: crc32(large) };
    const copy = async (fields: Partial<typeof expected>) => {
      const out: Uint8Array[] = [];
      for await (const chunk of verifiedCopy(chunks(packed, 4096), 8, { ...expected, ...fields })) out.push(chunk);
      return Buffer.concat(out);
    };
    expect((await copy({})).equals(packed)).toBe(true);
    await expect(copy({ size: large.length - 1 })).rejects.toThrow(/declares 21 MB but inflates to more/);
    await expect(copy({ size: large.length + 1 })).rejects.toThrow(/declares 20,971,521 B but inflates to 20,971,520 B/);
    await expect(copy({ crc32: 7 })).rejects.toThrow(/does not match its CRC-32/);
  });

  it("describes sizes as people read them", () => {
    expect([999, 1000, 5046, 30_000, 536_870_912, 2_147_483_648, 1.5e9].map(describeBytes)).toEqual(["999 B", "1 kB", "5.05 kB", "30 kB", "537 MB", "2.15 GB", "1.5 GB"]);
  });
});
