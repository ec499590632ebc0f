import { randomBytes } from "node:crypto";
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Job result folders written straight into engine storage, so a 500 MB batch needs no rendering. */

function labelsJson(jobId: string): string {
  // COCO-shaped and about the size a 3-second video job's labels are (~30 kB).
  const images = Array.from({ length: 90 }, (_, i) => ({ id: i + 1, file_name: `frame_${String(i).padStart(4, "0")}.png`, width: 256, height: 256, frame: i }));
  const annotations = images.map((image) => ({
    id: image.id,
    image_id: image.id,
    category_id: 1,
    bbox: [Math.random() * 100, Math.random() * 100, 80 + Math.random() * 40, 120 + Math.random() * 40].map((v) => Number(v.toFixed(2))),
    keypoints: Array.from({ length: 17 * 3 }, (_, k) => (k % 3 === 2 ? 2 : Number((Math.random() * 256).toFixed(1)))),
    num_keypoints: 17,
  }));
  return JSON.stringify({ info: { job_id: jobId, exercise: "SQUAT" }, images, annotations, categories: [{ id: 1, name: "person" }] });
}

export async function writeSyntheticResult(jobId: string, folder: string, sizes: Record<string, number>): Promise<number> {
  mkdirSync(folder, { recursive: true });
  const files: Record<string, Buffer | string> = {
    "job.json": JSON.stringify({ name: "visionfit-flagship-v0.1.0", params: { exercise: "SQUAT", bench: true } }, null, 2),
    "labels.json": labelsJson(jobId),
  };
  for (const [name, size] of Object.entries(sizes)) files[name] = randomBytes(size);
  let bytes = 0;
  for (const [name, data] of Object.entries(files)) {
    writeFileSync(path.join(folder, name), data);
    bytes += Buffer.byteLength(data);
  }
  return bytes;
}

export async function readFolders(folders: string[]): Promise<{ bytes: number; seconds: number }> {
  const t0 = performance.now();
  let bytes = 0;
  for (const folder of folders) {
    for (const name of readdirSync(folder).sort()) {
      for await (const chunk of createReadStream(path.join(folder, name))) bytes += (chunk as Buffer).length;
    }
  }
  return { bytes, seconds: (performance.now() - t0) / 1000 };
}

