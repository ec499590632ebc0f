import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import S3rver from "s3rver";
import { LocalStorage } from "@/lib/engine/storage/local";
import { S3Storage } from "@/lib/engine/storage/s3";
import type { BlobStorage } from "@/lib/engine/storage/types";

// A real S3-compatible server (s3rver) on a loopback port: the S3 code speaks to it over HTTP.
let s3server: S3rver;
const storages: Record<string, BlobStorage> = {};

beforeAll(async () => {
  s3server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: mkdtempSync(path.join(tmpdir(), "s3rver-")), configureBuckets: [{ name: "results", configs: [] }] });
  const { port } = (await s3server.run()) as unknown as { port: number };
  storages.local = new LocalStorage(mkdtempSync(path.join(tmpdir(), "blobs-")));
  storages.s3 = S3Storage.fromEnv({
    S3_BUCKET: "results",
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_PREFIX: "engine",
  });
});

afterAll(async () => {
  await s3server.close();
});

function stagingFolder(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "staging-")), "out");
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe.each(["local", "s3"])("%s storage", (kind) => {
  const storage = () => storages[kind]!;

  it("publishes a folder, lists, reads and removes it", async () => {
    const key = `jobs/${kind}-job/1-abcd`;
    await storage().publish(stagingFolder({ "job.json": '{"name":"x"}', "labels.json": "[]", "video_preview.png": "PNG…" }), key);
    expect(await storage().list(key)).toEqual([
      { name: "job.json", size: 12 },
      { name: "labels.json", size: 2 },
      { name: "video_preview.png", size: Buffer.byteLength("PNG…") },
    ]);
    expect(await text(await storage().read(key, "job.json"))).toBe('{"name":"x"}');
    // Another key's files are not listed under this one.
    await storage().publish(stagingFolder({ "job.json": "{}" }), `jobs/${kind}-job/2-efgh`);
    expect((await storage().list(key)).map((f) => f.name)).toEqual(["job.json", "labels.json", "video_preview.png"]);
    await storage().remove(key);
    expect(await storage().list(key).catch(() => [])).toEqual([]);
    expect(await storage().list(`jobs/${kind}-job/2-efgh`)).toHaveLength(1);
  });
});

describe("S3 storage configuration", () => {
  it("explains what is missing", () => {
    expect(() => S3Storage.fromEnv({ S3_BUCKET: "b", S3_ACCESS_KEY_ID: "only-one" })).toThrow(/both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
    expect(() => S3Storage.fromEnv({ S3_BUCKET: "b", S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT must be a URL/);
  });
});
