/**
 * Render benchmark: video-job throughput of the VisionFit renderer (all outputs written: MP4,
 * labels, segmentation zip, preview) against an encode-only bound measured in the same run,
 * the rate at which sharp can merely PNG-encode raw RGBA frames of the same size.
 *   npx tsx scripts/bench/render.ts
 * Prints figures only; no assertions.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { ffmpegPath } from "../../lib/engine/ffmpeg";
import { frameCount, renderJob } from "../../lib/engine/generators/visionfit";

const SIZES = [256, 512];
const PARAMS = { exercise: "JUMPING_JACKS", scene: "GYM_1", num_reps: 8, frame_rate: 24, enable_sensor_noise: true, add_wall_art: true, state: "5a1d3c2b-4e6f-4a8b-9c0d-1e2f3a4b5c6d" };

/** A real frame of the size (encode speed depends on content). */
async function sampleFrame(size: number): Promise<Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-"));
  try {
    await renderJob({ jobId: "bench", params: { ...PARAMS, image_width: size, image_height: size }, isPreview: true, outDir: dir, ffmpegPath: ffmpegPath() });
    return await sharp(readFileSync(path.join(dir, "video_preview.png"))).ensureAlpha().raw().toBuffer();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Frames per second of sharp PNG encoding alone, with `inflight` encodes at a time. */
async function encodeFps(frame: Buffer, size: number, inflight: number, seconds = 2): Promise<number> {
  const start = performance.now();
  let done = 0;
  const queue: Promise<Buffer>[] = [];
  while (performance.now() - start < seconds * 1000) {
    queue.push(sharp(frame, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer());
    if (queue.length >= inflight) {
      await queue.shift();
      done++;
    }
  }
  done += (await Promise.all(queue)).length;
  return done / ((performance.now() - start) / 1000);
}

async function renderFps(size: number): Promise<{ fps: number; frames: number; seconds: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-"));
  try {
    const params = { ...PARAMS, image_width: size, image_height: size };
    const start = performance.now();
    const r = await renderJob({ jobId: "bench", params, isPreview: false, outDir: dir, ffmpegPath: ffmpegPath() });
    const seconds = (performance.now() - start) / 1000;
    if (r.frames !== frameCount(params, false)) throw new Error("frame count mismatch");
    return { fps: r.frames / seconds, frames: r.frames, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`VisionFit render bench · ${cpus().length} CPU · node ${process.version} · ffmpeg ${ffmpegPath()}`);
  console.log(`job: ${PARAMS.exercise} in ${PARAMS.scene}, ${PARAMS.num_reps} reps at ${PARAMS.frame_rate} fps, sensor noise, wall art; all outputs written\n`);
  const rows: string[][] = [["size", "bound seq fps", "bound 2-way fps", "render fps", "frames", "seconds", "ratio"]];
  for (const size of SIZES) {
    const frame = await sampleFrame(size);
    await encodeFps(frame, size, 1, 0.3); // warm-up
    const seq = await encodeFps(frame, size, 1);
    const par = await encodeFps(frame, size, 2);
    await renderFps(size); // warm-up (JIT, ffmpeg start-up caches)
    const r = await renderFps(size);
    const bound = Math.max(seq, par);
    rows.push([`${size}²`, seq.toFixed(1), par.toFixed(1), r.fps.toFixed(1), String(r.frames), r.seconds.toFixed(2), `${((100 * r.fps) / bound).toFixed(0)} %`]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c]!)).join("  "));
  console.log("\nbound = the faster of one-at-a-time and two-at-a-time sharp PNG encodes of an RGBA frame; ratio = render fps / bound.");
}

void main();
