/**
 * Renders one job into its folder: job.json, labels.json, segmentation.zip, video_preview.png
 * and (video jobs) video.mp4. The room is rendered once; each frame copies it, ray casts the
 * body into it, labels it from the geometry, and hands the frame to ffmpeg and the mask to
 * sharp, which both work in parallel with the next frame.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { RenderProgress, RenderRequest, RenderResult } from "../types";
import { type Prim, primBounds, transformPrim } from "./body";
import { composite } from "./body-composite";
import { BodyRaster } from "./body-raster";
import { pixelRays, toCamera } from "./camera";
import { VideoEncoder, abortError, encodePng } from "./encode";
import { buildLabels, type ImageEntry } from "./coco";
import { type Annotation, Labeller, round } from "./labels";
import { type Vec3, mvec } from "./math";
import { VISIONFIT_NAME, VISIONFIT_PARAMS, resolveVisionfitParams } from "./params";
import { frameMoment, localToCamera, makePlan, poseAt } from "./plan";
import { stream } from "./rng";
import { renderRoom } from "./room";
import { SegmentationZip, frameName } from "./segmentation";
import { SensorNoise } from "./sensor";
import { applyShadow } from "./shadow";
import { ToneMap } from "./shading";

/** Frames in flight (being piped to ffmpeg or PNG-encoded) before the renderer waits. */
const PIPELINE = 4;

interface Slot {
  frame: Uint8Array;
  mask: Uint8Array;
  busy: Promise<unknown>;
}

export async function render(req: RenderRequest, onProgress?: (p: RenderProgress) => void, signal?: AbortSignal): Promise<RenderResult> {
  if (signal?.aborted) throw abortError();
  const p = resolveVisionfitParams(req.params);
  const plan = makePlan(p, req.isPreview);
  const cam = plan.camera;
  const W = cam.width,
    H = cam.height;
  const rays = pixelRays(cam);
  const tone = new ToneMap(p.lighting_power);
  const room = renderRoom(plan.room, cam, rays, tone);
  const br = new BodyRaster(cam, rays);
  const labeller = new Labeller(cam, plan.shape);
  const sensor = p.enable_sensor_noise ? new SensorNoise(stream(p.state, "sensor"), p.lighting_power) : null;
  const toCam = localToCamera(plan);
  const def = plan.room.def;
  const shade = { tone, light: toCamera(cam, plan.room.light), lightColor: def.lightColor, ambient: def.ambient, up: mvec(cam.R, [0, 1, 0]) };

  const files = ["job.json", "labels.json", "segmentation.zip", "video_preview.png"];
  const out = (f: string) => path.join(req.outDir, f);
  const zip = new SegmentationZip(out("segmentation.zip"));
  let video: VideoEncoder | null = null;
  if (!req.isPreview) {
    video = new VideoEncoder(req.ffmpegPath, W, H, p.frame_rate, out("video.mp4"));
    files.push("video.mp4");
  }
  const slots: Slot[] = Array.from({ length: PIPELINE }, () => ({ frame: new Uint8Array(W * H * 4), mask: new Uint8Array(W * H), busy: Promise.resolve() }));
  const images: ImageEntry[] = [];
  const annotations: Annotation[] = [];
  let preview: Promise<void> = Promise.resolve();
  const pending: Promise<unknown>[] = [];

  try {
    for (let f = 0; f < plan.frames; f++) {
      if (signal?.aborted) throw abortError();
      const slot = slots[f % PIPELINE]!;
      await untilAborted(slot.busy, signal);
      const { time, moment } = frameMoment(plan, f);
      const posed = poseAt(plan, time, moment);
      const camPrims = posed.local.prims.map((q) => transformPrim(q, toCam.R, toCam.t));

      slot.frame.set(room.rgba);
      applyShadow(slot.frame, room, cam, plan.room.light, posed.joints);
      slot.mask.fill(0);
      br.draw(camPrims, primBounds);
      const stats = composite(br, room.depth, rays, slot.frame, slot.mask, shade);
      const localBox = bodyBox(posed.local.prims);
      annotations.push(labeller.annotate(f, posed.joints, localBox, plan.toWorld, br, slot.mask, stats, camPrims));
      br.clear();
      if (sensor) sensor.apply(slot.frame);
      images.push({ id: f, width: W, height: H, file_name: `${frameName(f)}.png`, frame_number: f, rep_count_from_start: round(moment.count, 4) });

      const jobs: Promise<unknown>[] = [];
      if (f === 0) {
        const copy = slot.frame.slice();
        preview = encodePng(copy, W, H, 4).then((png) => writeFile(out("video_preview.png"), png));
        pending.push(preview);
      }
      jobs.push(zip.add(f, encodePng(slot.mask, W, H, 1, 4)));
      if (video) jobs.push(video.write(slot.frame));
      slot.busy = Promise.all(jobs);
      onProgress?.({ framesDone: f + 1, framesTotal: plan.frames });
    }
    await untilAborted(Promise.all(slots.map((s) => s.busy)), signal);
    await Promise.all(pending);
    await zip.finish();
    if (video) await video.finish();
    const labels = buildLabels(plan, images, annotations);
    await writeFile(out("labels.json"), JSON.stringify(labels));
    const params: Record<string, unknown> = {};
    for (const spec of VISIONFIT_PARAMS) params[spec.name] = p[spec.name as keyof typeof p];
    await writeFile(out("job.json"), JSON.stringify({ name: VISIONFIT_NAME, params }, null, 2));
    return { frames: plan.frames, files };
  } catch (e) {
    if (video) await video.kill();
    await Promise.allSettled(slots.map((s) => s.busy));
    await Promise.allSettled(pending);
    await zip.abandon();
    throw signal?.aborted ? abortError() : e;
  }
}

/** Waits for `p`, but rejects with an AbortError as soon as the signal fires. */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** The avatar's box in its own frame: bounds of all primitives. */
function bodyBox(prims: Prim[]): [Vec3, Vec3] {
  const lo: Vec3 = [Infinity, Infinity, Infinity],
    hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const q of prims) {
    const [a, b] = primBounds(q);
    for (let k = 0; k < 3; k++) {
      lo[k] = Math.min(lo[k]!, a[k]!);
      hi[k] = Math.max(hi[k]!, b[k]!);
    }
  }
  return [lo, hi];
}
