/** Shared helpers for the VisionFit renderer tests: render into a temp folder, read outputs. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { ffmpegPath } from "@/lib/engine/ffmpeg";
import type { ParamValues } from "@/lib/engine/generators/types";
import { renderJob } from "@/lib/engine/generators/visionfit";
import type { Annotation } from "@/lib/engine/generators/visionfit/labels";
import { unzip as unzipBuffer } from "../../support/zip";

export const STATE = "3b5e8a10-7c2d-4f6e-9a1b-2c3d4e5f6a7b";

export interface Labels {
  info: Record<string, unknown> & { camera_K_matrix: number[][]; camera_RT_matrix: number[][]; camera_P_matrix: number[][]; avatar_outfit: number; camera_location: number[]; camera_pitch: number };
  images: { id: number; width: number; height: number; file_name: string; frame_number: number; rep_count_from_start: number }[];
  categories: { id: number; name: string; keypoints: string[]; skeleton: number[][] }[];
  annotations: Annotation[];
}

export interface Raw {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export interface Job {
  dir: string;
  files: string[];
  frames: number;
  labelsText: string;
  labels: Labels;
  cleanup: () => void;
}

const dirs: string[] = [];

/** Renders a job with small defaults (128², 1 rep) overridden by `params`. */
export async function render(params: ParamValues, isPreview = true, opts: { signal?: AbortSignal; onProgress?: (d: number, t: number) => void } = {}): Promise<Job> {
  const dir = mkdtempSync(path.join(tmpdir(), "vf-test-"));
  dirs.push(dir);
  const full = { image_width: 128, image_height: 128, state: STATE, ...params };
  const result = await renderJob({ jobId: "test", params: full, isPreview, outDir: dir, ffmpegPath: ffmpegPath() }, (p) => opts.onProgress?.(p.framesDone, p.framesTotal), opts.signal);
  const labelsText = readFileSync(path.join(dir, "labels.json"), "utf8");
  return { dir, files: result.files, frames: result.frames, labelsText, labels: JSON.parse(labelsText) as Labels, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function cleanupAll(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** PNG colour type from the IHDR chunk: 0 greyscale, 2 RGB, 6 RGBA. */
export const pngColourType = (buf: Buffer): number => buf[25]!;
export const pngBitDepth = (buf: Buffer): number => buf[24]!;

/** Decodes a PNG; greyscale PNGs come back with one channel. */
export async function decodePng(buf: Buffer): Promise<Raw> {
  const grey = pngColourType(buf) === 0;
  let img = sharp(buf);
  if (grey) img = img.extractChannel(0);
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export async function preview(job: Job): Promise<Raw> {
  return decodePng(readFileSync(path.join(job.dir, "video_preview.png")));
}

/** Every entry of a zip file, name → bytes. */
/** Every entry of a zip file on disk: name → bytes. */
export async function unzip(file: string): Promise<Map<string, Buffer>> {
  return unzipBuffer(readFileSync(file));
}

/** Instance masks of a job, in frame order, decoded to single-channel pixels. */
export async function masks(job: Job): Promise<{ iseg: Raw; cseg: Raw; name: string }[]> {
  const entries = await unzip(path.join(job.dir, "segmentation.zip"));
  const out: { iseg: Raw; cseg: Raw; name: string }[] = [];
  for (const img of job.labels.images) {
    const base = img.file_name.replace(/\.png$/, "");
    const i = entries.get(`${base}.iseg.png`);
    const c = entries.get(`${base}.cseg.png`);
    if (!i || !c) throw new Error(`missing masks for ${base}`);
    if (pngColourType(i) !== 0 || pngBitDepth(i) !== 8 || pngColourType(c) !== 0 || pngBitDepth(c) !== 8) throw new Error(`${base}: masks must be 8-bit greyscale`);
    out.push({ iseg: await decodePng(i), cseg: await decodePng(c), name: base });
  }
  return out;
}

export function ffprobe(file: string): { codec_name: string; pix_fmt: string; r_frame_rate: string; nb_read_frames: string; width: number; height: number } {
  // ffprobe sits beside the system ffmpeg; the tests need the system one.
  const probe = path.join(path.dirname(ffmpegPath()), "ffprobe");
  const json = execFileSync(probe, ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,r_frame_rate,nb_read_frames,width,height", "-of", "json", file], { encoding: "utf8" });
  return (JSON.parse(json) as { streams: ReturnType<typeof ffprobe>[] }).streams[0]!;
}

/** Mean of RGB over pixels where `keep(i)` holds. */
export function meanRGB(img: Raw, keep: (i: number) => boolean = () => true): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    if (!keep(i)) continue;
    const o = i * img.channels;
    s += img.data[o]! + img.data[o + 1]! + img.data[o + 2]!;
    n += 3;
  }
  return n ? s / n : 0;
}

/** Count of differing bytes between two decoded images. */
export function diffCount(a: Raw, b: Raw, keep: (i: number) => boolean = () => true): number {
  let d = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (!keep(i)) continue;
    for (let c = 0; c < 3; c++) if (a.data[i * a.channels + c] !== b.data[i * b.channels + c]) d++;
  }
  return d;
}

export function project(P: number[][], X: number[]): [number, number] {
  const r = P.map((row) => row[0]! * X[0]! + row[1]! * X[1]! + row[2]! * X[2]! + row[3]!);
  return [r[0]! / r[2]!, r[1]! / r[2]!];
}
