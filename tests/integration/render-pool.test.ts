import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// One render thread: a job that kept it after being stopped would hold up every other.
process.env.ENGINE_CONCURRENCY = "1";

const { renderInPool, closeRenderPool } = await import("@/lib/engine/render-pool");
const { findGenerator } = await import("@/lib/engine/generators/registry");
const { resolveBatch } = await import("@/lib/engine/service/batch-input");
const { ffmpegPath } = await import("@/lib/engine/ffmpeg");

const GENERATOR = "visionfit-flagship-v0.1.0";
const folders: string[] = [];

function request(isPreview: boolean, params: Record<string, unknown>) {
  const [job] = resolveBatch({ name: "pool", job_runs: [{ name: GENERATOR, is_preview: isPreview, param_values: params }] }).jobs;
  const outDir = mkdtempSync(path.join(tmpdir(), "render-pool-"));
  folders.push(outDir);
  return { jobId: `pool-${folders.length}`, params: job!.params, isPreview, outDir, ffmpegPath: ffmpegPath() };
}

afterAll(async () => {
  await closeRenderPool();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("stopping a render in the pool", () => {
  it("a cancelled video stops in its thread and frees it: the next job renders at once", async () => {
    const renderModule = findGenerator(GENERATOR)!.renderModule;
    const stop = new AbortController();
    let firstFrames = 0;
    // About 600 frames at 512²: minutes of work if it were left running.
    const long = renderInPool(renderModule, request(false, { image_width: 512, image_height: 512, num_reps: 20, frame_rate: 30 }), (p) => {
      if (p.framesDone > 0 && !stop.signal.aborted) {
        firstFrames = p.framesDone;
        stop.abort(new Error("canceled"));
      }
    }, stop.signal);
    const stopped = Date.now();
    await expect(long).rejects.toThrow();
    console.log(`[render pool] cancelled after ${firstFrames} frames; the task ended ${Date.now() - stopped} ms after the cancel`);
    // The pool's only thread is free again: a preview gets it and finishes.
    const next = await renderInPool(renderModule, request(true, { image_width: 128, image_height: 128 }), () => undefined, new AbortController().signal);
    expect(next.frames).toBe(1);
  }, 120_000);

  it("an abort before the task starts never renders it", async () => {
    const renderModule = findGenerator(GENERATOR)!.renderModule;
    const stop = new AbortController();
    stop.abort(new Error("timed out"));
    await expect(renderInPool(renderModule, request(false, { image_width: 256, image_height: 256, num_reps: 5 }), () => undefined, stop.signal)).rejects.toThrow();
  }, 60_000);
});
