import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { BlobStorage } from "./types";

const s3Env = z.object({
  S3_BUCKET: z.string().min(1),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.url({ error: "S3_ENDPOINT must be a URL, like https://s3.example.com" }).optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z.string().default(""),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
});

/**
 * An S3 bucket (or any S3-compatible store, with S3_ENDPOINT). S3 has no atomic rename:
 * every file of a job is uploaded under a key no one points at yet, and the engine points
 * the job at that key only after the last upload, so a reader never sees part of a result.
 */
export class S3Storage implements BlobStorage {
  readonly kind = "s3" as const;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  static fromEnv(env: Record<string, string | undefined> = process.env): S3Storage {
    const parsed = s3Env.safeParse(env);
    if (!parsed.success) throw new Error(`S3 storage: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const e = parsed.data;
    if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
      throw new Error("S3 storage: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (to use the default AWS credential chain).");
    }
    const client = new S3Client({
      region: e.S3_REGION,
      endpoint: e.S3_ENDPOINT,
      // Checksums only where S3 requires them: the SDK's default streams bodies as
      // aws-chunked with a CRC trailer, which many S3-compatible stores save verbatim.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === "true" : Boolean(e.S3_ENDPOINT),
      credentials: e.S3_ACCESS_KEY_ID ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY! } : undefined,
    });
    return new S3Storage(client, e.S3_BUCKET, e.S3_PREFIX.replace(/\/?$/, e.S3_PREFIX ? "/" : ""));
  }

  private objectKey(key: string, name = ""): string {
    return `${this.prefix}${key.replace(/\/$/, "")}/${name}`;
  }

  async publish(localDir: string, key: string): Promise<void> {
    const names = (await readdir(localDir)).sort();
    for (const name of names) {
      const file = path.join(localDir, name);
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key, name), Body: createReadStream(file), ContentLength: (await stat(file)).size }),
      );
    }
  }

  async list(key: string): Promise<{ name: string; size: number }[]> {
    const prefix = this.objectKey(key);
    const files: { name: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) files.push({ name: object.Key!.slice(prefix.length), size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return files.sort((a, b) => a.name.localeCompare(b.name));
  }

  async read(key: string, name: string, options: { range?: { start: number; end: number } } = {}): Promise<Readable> {
    const range = options.range ? `bytes=${options.range.start}-${options.range.end}` : undefined;
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key, path.basename(name)), Range: range }));
    return object.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    const files = await this.list(key);
    for (let i = 0; i < files.length; i += 1000) {
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: files.slice(i, i + 1000).map((f) => ({ Key: this.objectKey(key, f.name) })) } }),
      );
    }
  }
}
