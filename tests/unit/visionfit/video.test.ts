/** Video jobs: frame counts agree (estimate, labels, MP4), the MP4 is browser-ready, abort works. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ffmpegPath } from "@/lib/engine/ffmpeg";
import { frameCount, renderJob } from "@/lib/engine/generators/visionfit";
import { STATE, cleanupAll, ffprobe, render } from "./helpers";

afterAll(cleanupAll);

describe("video jobs", () => {
  it("frameCount = images in labels = frames in the MP4; h264 yuv420p at frame_rate", async () => {
    const params = { exercise: "JUMPING_JACKS", scene: "GYM_1", num_reps: 3, frame_rate: 12, inter_rep_delay_avg: 0.4, add_pauses: true, image_width: 160, image_height: 128 };
    const progress: number[] = [];
    const job = await render(params, false, { onProgress: (d) => progress.push(d) });
    const expected = frameCount({ ...params, state: STATE }, false);
    expect(job.frames).toBe(expected);
    expect(job.labels.images).toHaveLength(expected);
    expect(job.files.sort()).toEqual(["job.json", "labels.json", "segmentation.zip", "video.mp4", "video_preview.png"]);
    const probe = ffprobe(path.join(job.dir, "video.mp4"));
    expect(probe.codec_name).toBe("h264");
    expect(probe.pix_fmt).toBe("yuv420p");
    expect(probe.r_frame_rate).toBe("12/1");
    expect(Number(probe.nb_read_frames)).toBe(expected);
    expect([probe.width, probe.height]).toEqual([160, 128]);
    expect(progress[progress.length - 1]).toBe(expected);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // +faststart: the moov atom comes before mdat.
    const head = execFileSync("head", ["-c", "4096", path.join(job.dir, "video.mp4")]).toString("latin1");
    expect(head.indexOf("moov")).toBeGreaterThan(0);
    expect(head.indexOf("moov")).toBeLessThan(head.indexOf("mdat") === -1 ? Infinity : head.indexOf("mdat"));
  });

  it("odd sizes still give a playable MP4 with every frame", async () => {
    const params = { exercise: "BICEP_CURL", frame_rate: 6, rel_baseline_speed: 3, image_width: 131, image_height: 129 };
    const job = await render(params, false);
    const probe = ffprobe(path.join(job.dir, "video.mp4"));
    expect(Number(probe.nb_read_frames)).toBe(job.frames);
    expect(probe.pix_fmt).toBe("yuv420p");
    expect(job.labels.images[0]!.width).toBe(131);
  });

  it("a preview writes one frame and no video", async () => {
    const job = await render({ exercise: "SQUAT", num_reps: 5 }, true);
    expect(job.frames).toBe(1);
    expect(frameCount({ exercise: "SQUAT", num_reps: 5 }, true)).toBe(1);
    expect(existsSync(path.join(job.dir, "video.mp4"))).toBe(false);
    expect(job.files).not.toContain("video.mp4");
  });

  it("abort stops promptly with an AbortError and leaves no ffmpeg behind", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vf-abort-"));
    try {
      const controller = new AbortController();
      let done = 0;
      const params = { exercise: "SQUAT", num_reps: 20, image_width: 128, image_height: 128, state: STATE };
      const started = Date.now();
      const run = renderJob({ jobId: "abort", params, isPreview: false, outDir: dir, ffmpegPath: ffmpegPath() }, (p) => {
        done = p.framesDone;
        if (p.framesDone === 10) controller.abort();
      }, controller.signal);
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      expect(done).toBeLessThan(frameCount(params, false));
      expect(Date.now() - started).toBeLessThan(20_000);
      const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
      expect(ps.split("\n").filter((l) => l.includes(dir))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an already aborted signal rejects before any work", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vf-abort-"));
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(renderJob({ jobId: "a", params: { state: STATE }, isPreview: false, outDir: dir, ffmpegPath: ffmpegPath() }, undefined, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("frameCount follows frame_rate, num_reps, speed, rests and pauses", () => {
    const base = { exercise: "SQUAT", state: STATE };
    const fc = (p: Record<string, number | string | boolean>) => frameCount({ ...base, ...p }, false);
    expect(fc({ frame_rate: 30 })).toBeGreaterThan(fc({ frame_rate: 12 }));
    expect(Math.abs(fc({ frame_rate: 30 }) - 1 - (fc({ frame_rate: 6 }) - 1) * 5)).toBeLessThanOrEqual(5);
    expect(fc({ num_reps: 4 })).toBeGreaterThan(fc({ num_reps: 2 }));
    expect(fc({ rel_baseline_speed: 2 })).toBeLessThan(fc({ rel_baseline_speed: 1 }));
    expect(fc({ num_reps: 3, inter_rep_delay_avg: 1 })).toBeGreaterThan(fc({ num_reps: 3 }));
    expect(fc({ num_reps: 4, inter_rep_delay_avg: 1, inter_rep_delay_var: 1 })).not.toBe(fc({ num_reps: 4, inter_rep_delay_avg: 1 }));
    expect(fc({ num_reps: 3, add_pauses: true })).toBeGreaterThan(fc({ num_reps: 3 }));
    expect(fc({ num_reps: 4, max_rel_speed_change: 0.8 })).not.toBe(fc({ num_reps: 4 }));
    // SQUAT is 2.6 s a rep: one rep at 24 fps.
    expect(fc({})).toBe(Math.floor(2.6 * 24) + 1);
  });
});
